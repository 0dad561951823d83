/** Messages between the idle bench's main thread and its connection-holding workers. */
export type IdleWorkerInit = {
  url: string;
  /** Per socket: a JWT for the real server, or the made-up user id for the bare relay. */
  sockets: { token: string | null; userId: string }[];
  connectConcurrency: number;
};

export type ToIdleWorker = { type: "connect" } | { type: "count" } | { type: "close" };

export type FromIdleWorker =
  | { type: "ready" }
  | { type: "connected"; ok: number; failed: number; errors: string[]; ms: number }
  | { type: "count"; connected: number; disconnects: number }
  | { type: "closed" };
