/** Messages between the load generator's main thread and its worker threads. */

export type WorkerUser = {
  index: number;
  userId: string;
  /** null against the bare relay, which takes userId and rooms in the handshake instead. */
  token: string | null;
  chatId: string;
  /** Global user indexes of the chat's members (the user included), in a fixed order. */
  members: number[];
};

export type WorkerInit = {
  url: string;
  users: WorkerUser[];
  sendsPerUser: number;
  intervalMs: number;
  deliveredEveryMs: number;
  connectConcurrency: number;
  ackTimeoutMs: number;
  quietMs: number;
  maxDrainMs: number;
};

/** Per n: what became of the user's n-th send. */
export const SendStatus = { notSent: 0, awaitingAck: 1, acked: 2, ackError: 3, ackTimeout: 4 } as const;

export type UserReport = {
  index: number;
  sendStatus: Uint8Array;
  /** received[memberPosition * sendsPerUser + n]: how often this user got member's n-th message. */
  received: Uint8Array;
};

export type WorkerReport = {
  users: UserReport[];
  ackLatencies: Float64Array;
  e2eLatencies: Float64Array;
  /** The same, of messages sent 5 s or more after the start (steady state, no first messages). */
  e2eSteadyLatencies: Float64Array;
  /** When each of `e2eLatencies` was sent, ms after the send phase began. */
  e2eSentAfterStart: Float64Array;
  ackErrors: Record<string, number>;
  ownEchoes: number;
  deliveredMarksOk: number;
  deliveredMarksFailed: number;
  deliveredEvents: number;
  disconnects: number;
  unparsed: number;
  /** Sends that left later than scheduled by more than one interval (the generator fell behind). */
  lateSends: number;
};

export type ToWorker =
  | { type: "connect" }
  | { type: "start"; startAt: number }
  | { type: "collect" }
  | { type: "close" };

export type FromWorker =
  | { type: "ready" }
  | { type: "connected"; ok: number; failed: number; errors: string[] }
  | { type: "sent"; pendingAcks: number }
  | { type: "report"; report: WorkerReport }
  | { type: "closed" };
