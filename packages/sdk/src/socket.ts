import {
  type Ack,
  type ClientAckData,
  type ClientEventSchemas,
  type ClientPayload,
  type ClientToServerEvents,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
} from "@teamchat/protocol";
import { io, type Socket } from "socket.io-client";
import { ChatError } from "./errors.js";

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectOptions = {
  serverUrl: string;
  /** Called on every (re)connection attempt, so a refreshed token is picked up. */
  getToken: () => string | null | Promise<string | null>;
  /** Websocket only by default: no sticky sessions needed behind a load balancer. */
  transports?: ("websocket" | "polling")[];
  autoConnect?: boolean;
};

export function createSocket(options: ConnectOptions): ChatSocket {
  return io(options.serverUrl, {
    transports: options.transports ?? ["websocket"],
    autoConnect: options.autoConnect ?? true,
    auth: (cb) => {
      Promise.resolve(options.getToken()).then(
        (token) => cb({ token, protocolVersion: PROTOCOL_VERSION }),
        () => cb({ token: null, protocolVersion: PROTOCOL_VERSION }),
      );
    },
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.5,
  });
}

const DEFAULT_ACK_TIMEOUT_MS = 10_000;

/**
 * Emits a client event and resolves with the `{ ok: true }` answer's data, or rejects with a
 * ChatError (the server's error, or UNAVAILABLE when no ack came in time).
 */
export function request<E extends keyof ClientEventSchemas>(
  socket: ChatSocket,
  event: E,
  payload: ClientPayload<E>,
  timeoutMs = DEFAULT_ACK_TIMEOUT_MS,
): Promise<ClientAckData<E>> {
  return new Promise((resolve, reject) => {
    const timed = socket.timeout(timeoutMs);
    // The typed emit of a timeout-wrapped socket cannot be expressed generically over E.
    const emit = timed.emit as unknown as (
      event: E,
      payload: ClientPayload<E>,
      ack: (err: Error | null, answer: Ack<ClientAckData<E>>) => void,
    ) => void;
    emit.call(timed, event, payload, (err, answer) => {
      if (err) return reject(new ChatError({ code: "UNAVAILABLE", message: "No answer from the server in time" }));
      if (answer.ok) {
        const { ok: _ok, ...data } = answer;
        resolve(data as unknown as ClientAckData<E>);
      } else reject(new ChatError(answer.error));
    });
  });
}
