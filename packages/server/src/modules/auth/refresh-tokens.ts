import crypto from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/database.js";
import { refreshTokens } from "../../db/schema.js";
import { AppError } from "../../errors.js";

/**
 * Two tabs refreshing at the same moment both present the same token. Within this window the
 * one that loses the race gets the same successor the winner got (the rotation is idempotent:
 * no second branch of the login); after it, presenting a rotated token is reuse (theft) and
 * ends the whole login.
 */
export const ROTATION_GRACE_MS = 10_000;

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("base64url");

export type IssuedRefreshToken = { cookieValue: string; expiresAt: Date };

type TokenRow = typeof refreshTokens.$inferSelect;

/**
 * Rotating refresh tokens: `<id>.<secret>` in an httpOnly cookie, only the hash stored.
 * Each use revokes the token and issues its successor in the same family; presenting a
 * revoked token outside the grace window revokes the whole family (stolen token).
 *
 * A successor's id and secret are derived from its predecessor's (HMAC with the server's
 * signing secret), so the predecessor presented again within the grace window yields the very
 * same cookie without the secret being stored; without the server's secret nobody can compute
 * it from a stolen predecessor.
 */
export class RefreshTokens {
  private readonly successorKey: Buffer;

  constructor(
    private readonly db: Db,
    private readonly ttlDays: number,
    /** Only issuing (a test's sign-in) works without the server's own secret. */
    signingSecret: Uint8Array = crypto.randomBytes(32),
    private readonly now: () => number = Date.now,
  ) {
    this.successorKey = crypto.createHmac("sha256", signingSecret).update("refresh-token-successor").digest();
  }

  async issue(userId: string, familyId: string = crypto.randomUUID()): Promise<IssuedRefreshToken> {
    const id = crypto.randomUUID();
    const secret = crypto.randomBytes(32).toString("base64url");
    return this.insert(this.db, { id, secret, userId, familyId });
  }

  /**
   * Returns the user and a new token; throws REFRESH_TOKEN_INVALID for anything wrong. `admit`
   * sees the session (family) of a genuine token before anything changes, and may refuse it
   * (the per-session rate limit: the family stays the same across rotations).
   */
  async rotate(
    cookieValue: unknown,
    admit?: (familyId: string) => Promise<void>,
  ): Promise<{ userId: string; token: IssuedRefreshToken }> {
    const row = await this.find(cookieValue);
    if (!row || typeof cookieValue !== "string") throw new AppError("REFRESH_TOKEN_INVALID");
    await admit?.(row.familyId);
    if (row.expiresAt.getTime() <= this.now()) throw new AppError("REFRESH_TOKEN_INVALID");
    const successor = this.successorOf(cookieValue);
    if (row.revokedAt) {
      const benignRace =
        row.revokeReason === "rotated" &&
        this.now() - row.revokedAt.getTime() <= ROTATION_GRACE_MS &&
        !(await this.familyEnded(row.familyId));
      if (!benignRace) {
        if (row.revokeReason === "rotated") await this.revokeFamily(row.familyId, "reuse");
        throw new AppError("REFRESH_TOKEN_INVALID");
      }
      const [issued] = await this.db.select().from(refreshTokens).where(eq(refreshTokens.id, successor.id));
      if (!issued) throw new AppError("REFRESH_TOKEN_INVALID");
      return {
        userId: row.userId,
        token: { cookieValue: `${successor.id}.${successor.secret}`, expiresAt: issued.expiresAt },
      };
    }
    // Revoking and issuing commit together: a racing request waits on the row, then finds the
    // successor already there (the grace path above).
    const token = await this.db.transaction(async (tx) => {
      const revoked = await tx
        .update(refreshTokens)
        .set({ revokedAt: new Date(this.now()), revokeReason: "rotated" })
        .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.revokedAt)))
        .returning({ id: refreshTokens.id });
      if (revoked.length === 0) return null;
      return this.insert(tx, { ...successor, userId: row.userId, familyId: row.familyId });
    });
    if (!token) return this.rotate(cookieValue); // lost a race: take the grace path
    return { userId: row.userId, token };
  }

  private successorOf(cookieValue: string): { id: string; secret: string } {
    const mac = (label: string) =>
      crypto.createHmac("sha256", this.successorKey).update(`${label}:${cookieValue}`).digest();
    const bytes = mac("id").subarray(0, 16);
    // A version-4-shaped uuid, so it reads like every other token id.
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.toString("hex");
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { id, secret: mac("secret").toString("base64url") };
  }

  private async insert(
    db: Executor,
    token: { id: string; secret: string; userId: string; familyId: string },
  ): Promise<IssuedRefreshToken> {
    const expiresAt = new Date(this.now() + this.ttlDays * 86_400_000);
    const { id, secret, userId, familyId } = token;
    await db.insert(refreshTokens).values({ id, userId, familyId, tokenHash: sha256(secret), expiresAt });
    return { cookieValue: `${id}.${secret}`, expiresAt };
  }

  /** Logout: ends the whole login (family) the token belongs to. */
  async revoke(cookieValue: unknown): Promise<void> {
    const row = await this.find(cookieValue);
    if (row) await this.revokeFamily(row.familyId, "logout");
  }

  async revokeAllForUser(userId: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: sql`now()`, revokeReason: "logout" })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  }

  private async revokeFamily(familyId: string, reason: "logout" | "reuse"): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: sql`now()`, revokeReason: reason })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }

  private async familyEnded(familyId: string): Promise<boolean> {
    const [ended] = await this.db
      .select({ id: refreshTokens.id })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.familyId, familyId), inArray(refreshTokens.revokeReason, ["logout", "reuse"])))
      .limit(1);
    return ended !== undefined;
  }

  private async find(cookieValue: unknown): Promise<TokenRow | null> {
    if (typeof cookieValue !== "string" || cookieValue.length > 200) return null;
    const [id, secret] = cookieValue.split(".");
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) return null;
    const [row] = await this.db.select().from(refreshTokens).where(eq(refreshTokens.id, id));
    if (!row) return null;
    const a = Buffer.from(row.tokenHash);
    const b = Buffer.from(sha256(secret));
    return a.length === b.length && crypto.timingSafeEqual(a, b) ? row : null;
  }
}
