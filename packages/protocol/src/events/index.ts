import type { Ack } from "./ack.js";
import type { ClientAckData, ClientEventSchemas, ClientPayload } from "./client-to-server.js";
import type { ServerEventSchemas, ServerPayload } from "./server-to-client.js";

export * from "./ack.js";
export * from "./client-to-server.js";
export * from "./names.js";
export * from "./server-to-client.js";

/** Socket.IO generic for `Server<ClientToServerEvents, ...>` and the client's `Socket<...>`. */
export type ClientToServerEvents = {
  [E in keyof ClientEventSchemas]: (payload: ClientPayload<E>, ack: (answer: Ack<ClientAckData<E>>) => void) => void;
};

export type ServerToClientEvents = {
  [E in keyof ServerEventSchemas]: (payload: ServerPayload<E>) => void;
};
