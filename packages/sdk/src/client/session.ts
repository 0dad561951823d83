import type { Me, Session } from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import { ChatError } from "../errors.js";

/** Refresh this long before the access token expires, so requests never carry a stale one. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Where a fresh host token comes from (embedded single sign-on): asked whenever our own session
 * cannot be refreshed (no refresh cookie across sites, a refresh family revoked, a cookie from
 * before a reload that expired). `null`: the host has no signed-in user.
 */
export type HostTokenSource = () => Promise<string | null>;

/** Why the session ended: an error code of the catalogue, or a sign-on by another person. */
export type SessionEndReason = ChatError["code"] | "USER_CHANGED";

/**
 * Holds the access token and keeps it fresh: a timer refreshes it before expiry, and callers
 * that meet TOKEN_EXPIRED anyway call `refresh()` (concurrent callers share one request).
 * A refresh tries the refresh cookie first, then (embedded) a new host token.
 */
export class SessionKeeper {
  private accessToken: string | null = null;
  private me: Me | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<Session | null> | null = null;
  private ended: SessionEndReason | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly onChange: (me: Me | null) => void,
    private readonly hostToken?: HostTokenSource,
  ) {}

  get token(): string | null {
    return this.accessToken;
  }

  get user(): Me | null {
    return this.me;
  }

  /** Why the last session ended by itself (null while one runs, or after a plain sign-out). */
  get endReason(): SessionEndReason | null {
    return this.ended;
  }

  adopt(session: Session): void {
    this.ended = null;
    this.accessToken = session.accessToken;
    this.me = session.user;
    this.schedule(session.expiresIn * 1000);
    this.onChange(session.user);
  }

  updateUser(me: Me): void {
    this.me = me;
    this.onChange(me);
  }

  /**
   * Resolves with the new session, or null when the session has ended (refresh cookie gone and
   * no host token accepted: `endReason` says why). Rejects when the server cannot be reached.
   */
  refresh(): Promise<Session | null> {
    this.inflight ??= this.api
      .refresh()
      .catch((err: unknown) => {
        if (!(err instanceof ChatError) || err.retryable) throw err;
        this.ended = err.code;
        return this.signOnAgain();
      })
      .then((session) => {
        if (session) this.adopt(session);
        else this.clear(this.ended ?? "REFRESH_TOKEN_INVALID");
        return session;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  clear(reason: SessionEndReason | null = null): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.ended = reason;
    const wasSignedIn = this.me !== null;
    this.accessToken = null;
    this.me = null;
    if (wasSignedIn) this.onChange(null);
  }

  /** Exchanges a new host token, for the same person only; null when there is none or it fails. */
  private async signOnAgain(): Promise<Session | null> {
    if (!this.hostToken) return null;
    try {
      const token = await this.hostToken();
      if (!token) return null;
      const session = await this.api.sso(token);
      if (this.me && session.user.id !== this.me.id) {
        this.ended = "USER_CHANGED";
        return null;
      }
      return session;
    } catch (err) {
      if (err instanceof ChatError && !err.retryable) {
        this.ended = err.code;
        return null;
      }
      throw err;
    }
  }

  private schedule(expiresInMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(5_000, expiresInMs - REFRESH_MARGIN_MS);
    this.timer = setTimeout(() => {
      // A failed background refresh is retried by the next request that meets TOKEN_EXPIRED.
      this.refresh().catch(() => {});
    }, delay);
    (this.timer as { unref?: () => void }).unref?.();
  }
}
