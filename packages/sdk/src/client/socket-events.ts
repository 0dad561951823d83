import {
  type ChatSummary,
  ErrorCatalogue,
  type ErrorCode,
  isRetryable,
  type Message,
  ServerEvent,
  type ServerPayload,
} from "@teamchat/protocol";
import type { ChatSocket } from "../socket.js";
import type { ChatClientEvents, ConnectionState } from "./client-events.js";

const DEFAULT_RECONNECT_WITHIN_MS = 1_500;
const AUTH_ERRORS = new Set(["TOKEN_EXPIRED", "TOKEN_INVALID", "UNAUTHENTICATED"]);

/** What the ChatClient does when its socket connects, drops or delivers an event. */
export type SocketEventHost = {
  onConnected(): void;
  /** `state` is null when the client closed the socket itself. */
  onDisconnected(state: Extract<ConnectionState, "offline" | "reconnecting"> | null): void;
  /** Refreshes the access token; false when the session has ended. */
  refreshSession(): Promise<boolean>;
  stop(): void;
  /** Connects again unless the client has been stopped (or moved to another socket) since. */
  reconnect(): void;
  onMessage(message: Message): Promise<void>;
  onMessageUpdated(message: Message): Promise<void>;
  onReadState(state: ServerPayload<typeof ServerEvent.chatReadState>): void;
  onChatCreated(chat: ChatSummary): void;
  onChatSettings(settings: ServerPayload<typeof ServerEvent.chatSettings>): void;
  onChatUpdated(chat: ChatSummary): Promise<void>;
  onChatLeft(payload: ServerPayload<typeof ServerEvent.chatRemoved>): Promise<void>;
  onChatPins(payload: ServerPayload<typeof ServerEvent.chatPins>): Promise<void>;
  onMessageHidden(payload: ServerPayload<typeof ServerEvent.messageHidden>): Promise<void>;
  /** Events passed on to the UI as they are. */
  emit<K extends keyof ChatClientEvents>(event: K, payload: ChatClientEvents[K]): void;
};

/** Wires the connection lifecycle and every server → client event of one socket to the client. */
export function bindSocketEvents(socket: ChatSocket, host: SocketEventHost): void {
  /** Set by `server:reconnect`: the node is shutting down and spreads its clients' returns. */
  let reconnectWithinMs: number | null = null;
  socket.on("connect", () => host.onConnected());
  socket.on(ServerEvent.serverReconnect, ({ withinMs }) => {
    reconnectWithinMs = withinMs;
  });
  socket.on("disconnect", (reason) => {
    if (reason === "io client disconnect") return host.onDisconnected(null);
    host.onDisconnected(lostState());
    // The server dropped us on purpose (shutting down): reconnection is not automatic then. The
    // random delay spreads a whole node's clients over the others (through the load balancer).
    if (reason === "io server disconnect") {
      const within = reconnectWithinMs ?? DEFAULT_RECONNECT_WITHIN_MS;
      reconnectWithinMs = null;
      setTimeout(() => host.reconnect(), 100 + Math.random() * within);
    }
  });
  socket.on("connect_error", (err: Error & { data?: { code?: string } }) => {
    const code = err.data?.code;
    // Deprovisioned by the host app: the session is over for good.
    if (code === "ACCOUNT_DISABLED") return host.stop();
    if (code && !AUTH_ERRORS.has(code) && isKnownRetryable(code)) {
      // Refused by a node that is shutting down, overloaded or briefly without its database:
      // middleware refusals are not retried by Socket.IO, so try again shortly ourselves.
      host.onDisconnected(lostState());
      setTimeout(() => host.reconnect(), 250 + Math.random() * DEFAULT_RECONNECT_WITHIN_MS);
      return;
    }
    if (code && AUTH_ERRORS.has(code)) {
      // Middleware refusals are not retried by Socket.IO: refresh the token, then reconnect.
      host.refreshSession().then(
        (alive) => (alive ? socket.connect() : host.stop()),
        () => setTimeout(() => socket.connect(), 2_000),
      );
      return;
    }
    host.onDisconnected(lostState());
  });

  socket.on(ServerEvent.messageNew, (message) => void host.onMessage(message));
  socket.on(ServerEvent.messageUpdated, (message) => void host.onMessageUpdated(message));
  socket.on(ServerEvent.messageDelivered, ({ chatId, pointers }) => {
    for (const { userId, upToSeq } of pointers) host.emit("delivered", { chatId, userId, upToSeq });
  });
  socket.on(ServerEvent.messageRead, (p) => host.emit("read", p));
  socket.on(ServerEvent.chatReadState, (p) => host.onReadState(p));
  socket.on(ServerEvent.typingStart, (p) => host.emit("typingStart", p));
  socket.on(ServerEvent.typingStop, (p) => host.emit("typingStop", p));
  socket.on(ServerEvent.presenceUpdate, (p) => host.emit("presence", p));
  socket.on(ServerEvent.chatCreated, (chat) => host.onChatCreated(chat));
  socket.on(ServerEvent.chatSettings, (settings) => host.onChatSettings(settings));
  socket.on(ServerEvent.chatUpdated, (chat) => void host.onChatUpdated(chat));
  socket.on(ServerEvent.chatRemoved, (p) => void host.onChatLeft(p));
  socket.on(ServerEvent.chatPins, (p) => void host.onChatPins(p));
  socket.on(ServerEvent.messageHidden, (p) => void host.onMessageHidden(p));
}

function isKnownRetryable(code: string): boolean {
  return code in ErrorCatalogue && isRetryable(code as ErrorCode);
}

function lostState(): "offline" | "reconnecting" {
  return isDeviceOffline() ? "offline" : "reconnecting";
}

/** Browsers say when the device has no network; Node has no such signal. */
function isDeviceOffline(): boolean {
  const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  return nav?.onLine === false;
}
