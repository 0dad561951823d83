import type { ClientToServerEvents, ServerToClientEvents } from "@teamchat/protocol";
import type { Server, Socket } from "socket.io";

export type SocketData = { userId: string };
export type ChatIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
