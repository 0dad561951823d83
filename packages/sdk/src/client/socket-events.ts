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
  onReadState(state: ServerPayload<typeof ServerEvent.chatReadState>): Promise<void>;
  onChatCreated(chat: ChatSummary): Promise<void>;
  onChatSettings(settings: ServerPayload<typeof ServerEvent.chatSettings>): Promise<void>;
  /** A member's delivered or read pointer moved. */
  onPointer(pointer: ServerPayload<typeof ServerEvent.messageRead>, kind: "delivered" | "read"): Promise<void>;
  onChatUpdated(chat: ChatSummary): Promise<void>;
  onChatLeft(payload: ServerPayload<typeof ServerEvent.chatRemoved>): Promise<void>;
  onChatPins(payload: ServerPayload<typeof ServerEvent.chatPins>): Promise<void>;
  onMessageHidden(payload: ServerPayload<typeof ServerEvent.messageHidden>): Promise<void>;
  onUserUpdated(user: ServerPayload<typeof ServerEvent.userUpdated>): Promise<void>;
  /** A chat's latest changeSeq (several nodes): beyond the cursor means a gap, as with a live change. */
  onChatHead(head: ServerPayload<typeof ServerEvent.chatHead>): void;
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
    // A node shutting down says so (`server:reconnect`) and closes the transport: Socket.IO would
    // come back by itself at once; we hold that back and spread a whole node's clients over the
    // window it names (through the load balancer). A server-side disconnect (deprovisioning) is
    // never retried by Socket.IO: reconnect ourselves, so the refusal's code reaches us.
    const told = reason === "transport close" && reconnectWithinMs !== null;
    if (reason === "io server disconnect" || told) {
      const within = reconnectWithinMs ?? DEFAULT_RECONNECT_WITHIN_MS;
      reconnectWithinMs = null;
      if (told) socket.io.reconnection(false);
      setTimeout(
        () => {
          socket.io.reconnection(true);
          host.reconnect();
        },
        100 + Math.random() * within,
      );
    }
  });
  socket.on("connect_error", (err: Error & { data?: { code?: string } }) => {
    const code = err.data?.code;
    // Deprovisioned by the host app: the session is over for good.
    if (code === "ACCOUNT_DISABLED") return host.stop();
    // This app speaks an older protocol than the server: no retry can help, only an update.
    if (code === "CLIENT_OUTDATED") {
      host.emit("clientOutdated", { message: err.message });
      return host.onDisconnected("offline");
    }
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
    for (const { userId, upToSeq } of pointers) void host.onPointer({ chatId, userId, upToSeq }, "delivered");
  });
  socket.on(ServerEvent.messageRead, (p) => void host.onPointer(p, "read"));
  socket.on(ServerEvent.chatReadState, (p) => void host.onReadState(p));
  socket.on(ServerEvent.typingStart, (p) => host.emit("typingStart", p));
  socket.on(ServerEvent.typingStop, (p) => host.emit("typingStop", p));
  socket.on(ServerEvent.presenceUpdate, (p) => host.emit("presence", p));
  socket.on(ServerEvent.chatCreated, (chat) => void host.onChatCreated(chat));
  socket.on(ServerEvent.chatSettings, (settings) => void host.onChatSettings(settings));
  socket.on(ServerEvent.chatUpdated, (chat) => void host.onChatUpdated(chat));
  socket.on(ServerEvent.chatRemoved, (p) => void host.onChatLeft(p));
  socket.on(ServerEvent.chatPins, (p) => void host.onChatPins(p));
  socket.on(ServerEvent.messageHidden, (p) => void host.onMessageHidden(p));
  socket.on(ServerEvent.userUpdated, (user) => void host.onUserUpdated(user));
  socket.on(ServerEvent.messageStarred, (p) => host.emit("starChanged", p));
  socket.on(ServerEvent.chatHead, (head) => host.onChatHead(head));
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
