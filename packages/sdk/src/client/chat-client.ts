import {
  ClientEvent,
  type LoginBody,
  type Me,
  type Message,
  type Presence,
  type RegisterBody,
  ServerEvent,
  type ServerPayload,
} from "@teamchat/protocol";
import { ApiClient } from "../api-client.js";
import { ChatError } from "../errors.js";
import { type ChatSocket, createSocket, request } from "../socket.js";
import { Emitter } from "./emitter.js";
import { type PendingSend, PendingSends } from "./pending-sends.js";
import { SessionKeeper } from "./session.js";

/** What the UI shows about the link to the server. */
export type ConnectionState =
  /** No session: nothing to connect. */
  | "signed-out"
  /** First connection attempt after sign-in. */
  | "connecting"
  /** Connected; events flow. */
  | "live"
  /** Lost the connection; retrying with backoff. */
  | "reconnecting"
  /** The device reports no network; retrying when it returns. */
  | "offline";

export type ChatClientEvents = {
  connection: ConnectionState;
  session: Me | null;
  /** A stored message: someone else's, mine from another device, or mine just acknowledged. */
  message: Message;
  /** One of my unacknowledged messages changed status (sending → failed, failed → sending). */
  pending: PendingSend;
  delivered: ServerPayload<typeof ServerEvent.messageDelivered>;
  read: ServerPayload<typeof ServerEvent.messageRead>;
  readState: ServerPayload<typeof ServerEvent.chatReadState>;
  typingStart: ServerPayload<typeof ServerEvent.typingStart>;
  typingStop: ServerPayload<typeof ServerEvent.typingStop>;
  presence: Presence;
  chatCreated: ServerPayload<typeof ServerEvent.chatCreated>;
};

export type ChatClientOptions = {
  /** Origin of the chat server, e.g. "https://chat.example.com" or location.origin. */
  serverUrl: string;
  fetch?: typeof fetch;
  cookieJar?: ConstructorParameters<typeof ApiClient>[0]["cookieJar"];
  /** Milliseconds before an unanswered send is retried. */
  ackTimeoutMs?: number;
};

const TYPING_REPEAT_MS = 3_000;
const RECEIPT_COALESCE_MS = 150;
const AUTH_ERRORS = new Set(["TOKEN_EXPIRED", "TOKEN_INVALID", "UNAUTHENTICATED"]);

/**
 * The headless chat client: session (login, refresh), one socket with reconnection, my pending
 * sends (same clientId on every retry), delivered/read receipts, typing, and typed events.
 * It composes small parts; the UI subscribes with `on()` and calls the methods.
 */
export class ChatClient {
  readonly api: ApiClient;
  private readonly events = new Emitter<ChatClientEvents>();
  private readonly session: SessionKeeper;
  private readonly pending = new PendingSends();
  private readonly inFlight = new Set<string>();
  private readonly deliveredQueue = new Map<string, number>();
  private readonly readQueue = new Map<string, number>();
  private readonly typingSentAt = new Map<string, number>();
  private receiptTimer: ReturnType<typeof setTimeout> | null = null;
  private socket: ChatSocket | null = null;
  private connectionState: ConnectionState = "signed-out";

  constructor(private readonly options: ChatClientOptions) {
    this.api = new ApiClient({
      baseUrl: options.serverUrl,
      getAccessToken: () => this.session.token,
      ...(options.fetch && { fetch: options.fetch }),
      ...(options.cookieJar && { cookieJar: options.cookieJar }),
    });
    this.session = new SessionKeeper(this.api, (me) => this.events.emit("session", me));
  }

  on<K extends keyof ChatClientEvents>(event: K, listener: (payload: ChatClientEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  get me(): Me | null {
    return this.session.user;
  }

  get connection(): ConnectionState {
    return this.connectionState;
  }

  get accessToken(): string | null {
    return this.session.token;
  }

  // ── session ────────────────────────────────────────────────────────────────

  /** On app start: resume from the refresh cookie. Null when there is no session to resume. */
  async restoreSession(): Promise<Me | null> {
    const session = await this.session.refresh();
    if (session) this.connect();
    return session?.user ?? null;
  }

  async login(body: LoginBody): Promise<Me> {
    const session = await this.api.login(body);
    this.session.adopt(session);
    this.connect();
    return session.user;
  }

  async register(body: RegisterBody): Promise<Me> {
    const session = await this.api.register(body);
    this.session.adopt(session);
    this.connect();
    return session.user;
  }

  async logout(): Promise<void> {
    await this.api.logout().catch(() => {});
    this.stop();
  }

  /** Closes the connection and forgets the session locally (e.g. tab closing in tests). */
  stop(): void {
    const off = (globalThis as { removeEventListener?: (e: string, l: () => void) => void }).removeEventListener;
    off?.call(globalThis, "offline", this.onDeviceOffline);
    off?.call(globalThis, "online", this.onDeviceOnline);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.pending.clear();
    this.inFlight.clear();
    this.session.clear();
    this.setConnection("signed-out");
  }

  /** Calls a REST method, refreshing the access token once if it expired meanwhile. */
  async call<T>(fn: (api: ApiClient) => Promise<T>): Promise<T> {
    try {
      return await fn(this.api);
    } catch (err) {
      if (!(err instanceof ChatError) || err.code !== "TOKEN_EXPIRED") throw err;
      if (!(await this.session.refresh())) throw err;
      return fn(this.api);
    }
  }

  updateMe(me: Me): void {
    this.session.updateUser(me);
  }

  // ── messages ───────────────────────────────────────────────────────────────

  /** Queues a message; returns its clientId at once (the UI shows it with a clock). */
  sendMessage(chatId: string, body: string): PendingSend {
    const send: PendingSend = {
      clientId: crypto.randomUUID(),
      chatId,
      body,
      createdAt: new Date().toISOString(),
      status: "sending",
      error: null,
    };
    this.pending.add(send);
    this.events.emit("pending", { ...send });
    this.transmit(send);
    return send;
  }

  /** Retries a failed message with the same clientId. */
  retry(clientId: string): void {
    const send = this.pending.get(clientId);
    if (!send) return;
    send.status = "sending";
    send.error = null;
    this.events.emit("pending", { ...send });
    this.transmit(send);
  }

  pendingSends(): PendingSend[] {
    return this.pending.all().map((s) => ({ ...s }));
  }

  /** Coalesced: the highest seq per chat is sent once, shortly after. */
  markRead(chatId: string, upToSeq: number): void {
    if ((this.readQueue.get(chatId) ?? 0) >= upToSeq) return;
    this.readQueue.set(chatId, upToSeq);
    this.scheduleReceipts();
  }

  startTyping(chatId: string): void {
    const now = Date.now();
    if (now - (this.typingSentAt.get(chatId) ?? 0) < TYPING_REPEAT_MS) return;
    this.typingSentAt.set(chatId, now);
    this.fireAndForget(ClientEvent.typingStart, chatId);
  }

  stopTyping(chatId: string): void {
    if (!this.typingSentAt.delete(chatId)) return;
    this.fireAndForget(ClientEvent.typingStop, chatId);
  }

  async queryPresence(userIds: string[]): Promise<Presence[]> {
    if (!this.socket?.connected || userIds.length === 0) return [];
    return (await request(this.socket, ClientEvent.presenceQuery, { userIds })).presence;
  }

  // ── connection ─────────────────────────────────────────────────────────────

  /** The browser's network signal: show "offline" at once instead of waiting for a ping timeout. */
  private readonly onDeviceOffline = () => {
    if (this.socket) this.setConnection("offline");
  };
  private readonly onDeviceOnline = () => {
    if (!this.socket) return;
    if (this.socket.connected) this.setConnection("live");
    else {
      this.setConnection("reconnecting");
      this.socket.connect();
    }
  };

  private connect(): void {
    if (this.socket) return;
    this.setConnection("connecting");
    const win = (globalThis as { addEventListener?: (e: string, l: () => void) => void }).addEventListener;
    win?.call(globalThis, "offline", this.onDeviceOffline);
    win?.call(globalThis, "online", this.onDeviceOnline);
    const socket = createSocket({ serverUrl: this.options.serverUrl, getToken: () => this.session.token });
    this.socket = socket;

    socket.on("connect", () => {
      this.setConnection("live");
      this.inFlight.clear();
      for (const send of this.pending.sendable()) this.transmit(send);
      this.scheduleReceipts();
    });
    socket.on("disconnect", (reason) => {
      this.inFlight.clear();
      if (reason === "io client disconnect") return;
      this.setConnection(isDeviceOffline() ? "offline" : "reconnecting");
      // The server dropped us on purpose (e.g. shutting down): reconnection is not automatic then.
      if (reason === "io server disconnect") setTimeout(() => this.socket?.connect(), 500 + Math.random() * 1_000);
    });
    socket.on("connect_error", (err: Error & { data?: { code?: string } }) => {
      const code = err.data?.code;
      if (code && AUTH_ERRORS.has(code)) {
        // Middleware refusals are not retried by Socket.IO: refresh the token, then reconnect.
        this.session.refresh().then(
          (session) => (session ? socket.connect() : this.stop()),
          () => setTimeout(() => socket.connect(), 2_000),
        );
        return;
      }
      this.setConnection(isDeviceOffline() ? "offline" : "reconnecting");
    });

    socket.on(ServerEvent.messageNew, (message) => this.onMessage(message));
    socket.on(ServerEvent.messageDelivered, (p) => this.events.emit("delivered", p));
    socket.on(ServerEvent.messageRead, (p) => this.events.emit("read", p));
    socket.on(ServerEvent.chatReadState, (p) => this.events.emit("readState", p));
    socket.on(ServerEvent.typingStart, (p) => this.events.emit("typingStart", p));
    socket.on(ServerEvent.typingStop, (p) => this.events.emit("typingStop", p));
    socket.on(ServerEvent.presenceUpdate, (p) => this.events.emit("presence", p));
    socket.on(ServerEvent.chatCreated, (p) => this.events.emit("chatCreated", p));
  }

  private onMessage(message: Message): void {
    const mine = message.senderId === this.session.user?.id;
    if (mine && message.clientId && this.pending.get(message.clientId)) this.pending.settle(message.clientId, message);
    this.events.emit("message", message);
    if (!mine) {
      this.typingSentAt.delete(message.chatId);
      if ((this.deliveredQueue.get(message.chatId) ?? 0) < message.seq) {
        this.deliveredQueue.set(message.chatId, message.seq);
        this.scheduleReceipts();
      }
    }
  }

  private transmit(send: PendingSend): void {
    const socket = this.socket;
    if (!socket?.connected || this.inFlight.has(send.clientId)) return;
    this.inFlight.add(send.clientId);
    const payload = { chatId: send.chatId, clientId: send.clientId, body: send.body };
    request(socket, ClientEvent.messageSend, payload, this.options.ackTimeoutMs ?? 10_000).then(
      ({ message }) => {
        this.inFlight.delete(send.clientId);
        if (!this.pending.get(send.clientId)) return; // already confirmed by message:new
        this.pending.settle(send.clientId, message);
        this.events.emit("message", message);
      },
      (err: unknown) => {
        this.inFlight.delete(send.clientId);
        const error = err instanceof ChatError ? err : new ChatError({ code: "INTERNAL", message: String(err) });
        if (error.retryable) {
          // Retried on the next connect, or after the server's delay if we are still connected.
          setTimeout(() => this.transmit(send), error.retryAfterMs ?? 2_000);
          return;
        }
        const failed = this.pending.fail(send.clientId, error.message);
        if (failed) this.events.emit("pending", { ...failed });
      },
    );
  }

  private scheduleReceipts(): void {
    if (this.receiptTimer || !this.socket?.connected) return;
    this.receiptTimer = setTimeout(() => {
      this.receiptTimer = null;
      const socket = this.socket;
      if (!socket?.connected) return;
      for (const [chatId, upToSeq] of this.deliveredQueue) {
        this.deliveredQueue.delete(chatId);
        request(socket, ClientEvent.messageDelivered, { chatId, upToSeq }).catch(() => {});
      }
      for (const [chatId, upToSeq] of this.readQueue) {
        this.readQueue.delete(chatId);
        request(socket, ClientEvent.messageRead, { chatId, upToSeq }).catch(() => {
          // Re-queue so the pointer is sent again after a reconnect.
          if ((this.readQueue.get(chatId) ?? 0) < upToSeq) this.readQueue.set(chatId, upToSeq);
        });
      }
    }, RECEIPT_COALESCE_MS);
  }

  private fireAndForget(event: typeof ClientEvent.typingStart | typeof ClientEvent.typingStop, chatId: string): void {
    if (this.socket?.connected) request(this.socket, event, { chatId }).catch(() => {});
  }

  private setConnection(state: ConnectionState): void {
    if (state === this.connectionState) return;
    this.connectionState = state;
    this.events.emit("connection", state);
  }
}

/** Browsers say when the device has no network; Node has no such signal. */
function isDeviceOffline(): boolean {
  const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  return nav?.onLine === false;
}
