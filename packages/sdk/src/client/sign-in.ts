import type { LoginBody, Me, RegisterBody, Session } from "@teamchat/protocol";
import { ApiClient } from "../api-client.js";
import { MemoryCacheStore } from "../cache/memory-store.js";
import { ChatError } from "../errors.js";
import { ChatSession } from "./chat-session.js";
import type { ChatClientEvents, ChatClientOptions, ConnectionState } from "./client-events.js";
import type { Emitter } from "./emitter.js";
import { type LastSessionStore, memoryLastSession } from "./last-session.js";
import { type SessionEndReason, SessionKeeper } from "./session.js";

const OFFLINE_RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/** What the feature groups (messages, chats, files) need: the current session and REST calls. */
export type SessionAccess = {
  readonly events: Emitter<ChatClientEvents>;
  readonly session: ChatSession | null;
  /** The session, or UNAUTHENTICATED when nobody is signed in. */
  require(): ChatSession;
  call<T>(fn: (api: ApiClient) => Promise<T>): Promise<T>;
};

/**
 * The sign-in and its lifecycle, which outlive any one user: login / register / single sign-on /
 * resume from the refresh cookie (or offline from the last user's cache), the access token kept
 * fresh (`SessionKeeper`), the connection state, sign-out. It opens the signed-in user's
 * `ChatSession` on their cache and drops it at sign-out.
 */
export class SignIn implements SessionAccess {
  readonly api: ApiClient;
  private readonly keeper: SessionKeeper;
  private readonly lastSession: LastSessionStore;
  private current: ChatSession | null = null;
  private offlineRetry: ReturnType<typeof setTimeout> | null = null;
  private connectionState: ConnectionState = "signed-out";

  constructor(
    private readonly options: ChatClientOptions,
    readonly events: Emitter<ChatClientEvents>,
  ) {
    this.api = new ApiClient({
      baseUrl: options.serverUrl,
      getAccessToken: () => this.keeper.token,
      ...(options.fetch && { fetch: options.fetch }),
      ...(options.cookieJar && { cookieJar: options.cookieJar }),
    });
    this.lastSession = options.lastSession ?? memoryLastSession();
    this.keeper = new SessionKeeper(
      this.api,
      (me) => {
        // A user is announced once their session (cache, timeline) exists: a refresh adopts the
        // token before `start` opens it, and a UI that restores an open chat (a reload at
        // /chats/:id) would ask a timeline that is not there yet. `start` adopts again after.
        if (me && this.current?.userId !== me.id) return;
        if (me) this.lastSession.save(me);
        this.events.emit("session", me);
      },
      options.hostToken,
    );
  }

  get session(): ChatSession | null {
    return this.current;
  }

  get me(): Me | null {
    return this.keeper.user ?? (this.current ? this.lastSession.load() : null);
  }

  get connection(): ConnectionState {
    return this.connectionState;
  }

  get accessToken(): string | null {
    return this.keeper.token;
  }

  get endReason(): SessionEndReason | null {
    return this.keeper.endReason;
  }

  require(): ChatSession {
    if (!this.current) throw new ChatError({ code: "UNAUTHENTICATED", message: "Sign in first" });
    return this.current;
  }

  async restoreSession(options: { requireHint?: boolean } = {}): Promise<Me | null> {
    if (options.requireHint && !this.lastSession.load()) return null;
    try {
      const session = await this.keeper.refresh();
      if (!session) {
        this.lastSession.save(null);
        return null;
      }
      await this.start(session);
      return session.user;
    } catch {
      const last = this.lastSession.load();
      if (!last) return null;
      const opened = await this.openSession(last.id);
      this.setConnection("offline");
      this.events.emit("session", last);
      opened.announceOutbox();
      this.scheduleOfflineRetry(0);
      return last;
    }
  }

  async login(body: LoginBody): Promise<Me> {
    return this.start(await this.api.login(body));
  }

  async signInWithHostToken(hostToken: string): Promise<Me> {
    const session = await this.api.sso(hostToken);
    // The host app signed another person in: drop the previous one's connection first.
    if (this.keeper.user && this.keeper.user.id !== session.user.id) this.stop();
    return this.start(session);
  }

  async register(body: RegisterBody): Promise<Me> {
    return this.start(await this.api.register(body));
  }

  async logout(): Promise<void> {
    await this.api.logout().catch(() => {});
    const dropped = this.current;
    await dropped?.cache.clear().catch(() => {});
    await dropped?.cache.close().catch(() => {});
    if (dropped) await this.options.deleteCache?.(dropped.userId).catch(() => {});
    this.lastSession.save(null);
    this.stop();
    this.current = null;
  }

  stop(): void {
    if (this.offlineRetry) clearTimeout(this.offlineRetry);
    this.offlineRetry = null;
    this.current?.disconnect();
    const wasSignedIn = this.keeper.user !== null || this.current !== null;
    this.keeper.clear();
    this.setConnection("signed-out");
    if (wasSignedIn) this.events.emit("session", null);
  }

  async call<T>(fn: (api: ApiClient) => Promise<T>): Promise<T> {
    try {
      return await fn(this.api);
    } catch (err) {
      if (!(err instanceof ChatError) || err.code !== "TOKEN_EXPIRED") throw err;
      if (!(await this.keeper.refresh())) throw err;
      return fn(this.api);
    }
  }

  updateMe(me: Me): void {
    this.keeper.updateUser(me);
  }

  private async start(signedIn: Session): Promise<Me> {
    if (this.offlineRetry) clearTimeout(this.offlineRetry);
    this.offlineRetry = null;
    const resumedOffline = this.current?.userId === signedIn.user.id;
    const session = await this.openSession(signedIn.user.id);
    this.keeper.adopt(signedIn);
    if (!resumedOffline) session.announceOutbox();
    session.connect();
    return signedIn.user;
  }

  /** The user's session: the one already open on their cache, or a new one on a fresh cache. */
  private async openSession(userId: string): Promise<ChatSession> {
    if (this.current?.userId === userId) {
      await this.current.resume();
      return this.current;
    }
    this.current?.disconnect();
    await this.current?.cache.close().catch(() => {});
    const cache = this.options.openCache?.(userId) ?? new MemoryCacheStore();
    this.current = await ChatSession.open(userId, cache, {
      serverUrl: this.options.serverUrl,
      api: this.api,
      events: this.events,
      call: (fn) => this.call(fn),
      token: () => this.keeper.token,
      myId: () => this.me?.id,
      ackTimeoutMs: () => this.options.ackTimeoutMs ?? 10_000,
      setConnection: (state) => this.setConnection(state),
      refreshSession: async () => (await this.keeper.refresh()) !== null,
      stop: () => this.stop(),
      followAllChats: this.options.followAllChats === true,
    });
    return this.current;
  }

  private scheduleOfflineRetry(attempt: number): void {
    const delay = OFFLINE_RETRY_MS[Math.min(attempt, OFFLINE_RETRY_MS.length - 1)] ?? 30_000;
    const retry = () =>
      this.keeper.refresh().then(
        (session) => void (session ? this.start(session) : this.stop()),
        () => this.scheduleOfflineRetry(attempt + 1),
      );
    this.offlineRetry = setTimeout(retry, delay * (0.5 + Math.random()));
  }

  private setConnection(state: ConnectionState): void {
    if (state === this.connectionState) return;
    this.connectionState = state;
    this.events.emit("connection", state);
  }
}
