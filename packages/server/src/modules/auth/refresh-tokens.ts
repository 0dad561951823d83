import crypto from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { refreshTokens } from "../../db/schema.js";
import { AppError } from "../../errors.js";

/**
 * Two tabs refreshing at the same moment both present the same token; the one that loses the
 * race gets a fresh token instead of being treated as a thief, within this window.
 */
const ROTATION_GRACE_MS = 10_000;

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("base64url");

export type IssuedRefreshToken = { cookieValue: string; expiresAt: Date };

/**
 * Rotating refresh tokens: `<id>.<secret>` in an httpOnly cookie, only the hash stored.
 * Each use revokes the token and issues its successor in the same family; presenting a
 * revoked token outside the grace window revokes the whole family (stolen token).
 */
export class RefreshTokens {
  constructor(
    private readonly db: Db,
    private readonly ttlDays: number,
  ) {}

  async issue(userId: string, familyId: string = crypto.randomUUID()): Promise<IssuedRefreshToken> {
    const id = crypto.randomUUID();
    const secret = crypto.randomBytes(32).toString("base64url");
    const expiresAt = new Date(Date.now() + this.ttlDays * 86_400_000);
    await this.db.insert(refreshTokens).values({ id, userId, familyId, tokenHash: sha256(secret), expiresAt });
    return { cookieValue: `${id}.${secret}`, expiresAt };
  }

  /** Returns the user and a new token; throws REFRESH_TOKEN_INVALID for anything wrong. */
  async rotate(cookieValue: unknown): Promise<{ userId: string; token: IssuedRefreshToken }> {
    const row = await this.find(cookieValue);
    if (!row) throw new AppError("REFRESH_TOKEN_INVALID");
    if (row.expiresAt.getTime() <= Date.now()) throw new AppError("REFRESH_TOKEN_INVALID");
    if (row.revokedAt) {
      const benignRace =
        row.revokeReason === "rotated" &&
        Date.now() - row.revokedAt.getTime() <= ROTATION_GRACE_MS &&
        !(await this.familyEnded(row.familyId));
      if (!benignRace) {
        if (row.revokeReason === "rotated") await this.revokeFamily(row.familyId, "reuse");
        throw new AppError("REFRESH_TOKEN_INVALID");
      }
      return { userId: row.userId, token: await this.issue(row.userId, row.familyId) };
    }
    const revoked = await this.db
      .update(refreshTokens)
      .set({ revokedAt: sql`now()`, revokeReason: "rotated" })
      .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    if (revoked.length === 0) return this.rotate(cookieValue); // lost a race: take the grace path
    return { userId: row.userId, token: await this.issue(row.userId, row.familyId) };
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

  private async find(cookieValue: unknown) {
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
