import type { Me, Session } from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import { ChatError } from "../errors.js";

/** Refresh this long before the access token expires, so requests never carry a stale one. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Holds the access token and keeps it fresh: a timer refreshes it before expiry, and callers
 * that meet TOKEN_EXPIRED anyway call `refresh()` (concurrent callers share one request).
 */
export class SessionKeeper {
  private accessToken: string | null = null;
  private me: Me | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<Session | null> | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly onChange: (me: Me | null) => void,
  ) {}

  get token(): string | null {
    return this.accessToken;
  }

  get user(): Me | null {
    return this.me;
  }

  adopt(session: Session): void {
    this.accessToken = session.accessToken;
    this.me = session.user;
    this.schedule(session.expiresIn * 1000);
    this.onChange(session.user);
  }

  updateUser(me: Me): void {
    this.me = me;
    this.onChange(me);
  }

  /** Resolves with the new session, or null when the refresh cookie is gone (signed out). */
  refresh(): Promise<Session | null> {
    this.inflight ??= this.api
      .refresh()
      .then(
        (session) => {
          this.adopt(session);
          return session;
        },
        (err: unknown) => {
          if (err instanceof ChatError && !err.retryable) {
            this.clear();
            return null;
          }
          throw err;
        },
      )
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const wasSignedIn = this.me !== null;
    this.accessToken = null;
    this.me = null;
    if (wasSignedIn) this.onChange(null);
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
