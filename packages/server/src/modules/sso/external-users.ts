import crypto from "node:crypto";
import { LIMITS } from "@teamchat/protocol";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { type UserRow, users } from "../../db/schema.js";
import { AppError, isUniqueViolation } from "../../errors.js";

/** What the host app tells us about a person (SSO claims or an admin API call). */
export type ExternalProfile = {
  externalId: string;
  displayName: string;
  /** Undefined: not told (keep the stored value). */
  email?: string | null | undefined;
  avatarUrl?: string | null | undefined;
  department?: string | null | undefined;
  usernameHint?: string | null | undefined;
};

const USERNAME_ATTEMPTS = 6;

export async function findUserByExternalId(db: Executor, externalId: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.externalId, externalId));
  return row ?? null;
}

/** Enabled users of these departments (exact names), for "add everyone in Sales". */
/** The active person a host app knows by `externalId` (a deep link "chat with emp-1002"). */
export async function userIdForExternalId(db: Executor, externalId: string): Promise<string> {
  const row = await findUserByExternalId(db, externalId);
  if (!row || row.disabledAt) throw new AppError("USER_NOT_FOUND");
  return row.id;
}

export async function userIdsInDepartments(db: Executor, departments: string[]): Promise<string[]> {
  if (departments.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.department, departments), isNull(users.disabledAt)));
  return rows.map((r) => r.id);
}

/**
 * Provisioned on first sight, updated from the profile afterwards (the host app is the source of
 * truth for name, email, avatar, department). The external id is unique, so two concurrent first
 * sign-ons of one person end with one user; a taken username gets a random suffix.
 */
export async function upsertExternalUser(
  db: Executor,
  profile: ExternalProfile,
): Promise<{ user: UserRow; created: boolean }> {
  const existing = await findUserByExternalId(db, profile.externalId);
  if (existing) return { user: await updateFromProfile(db, existing, profile), created: false };
  for (let attempt = 0; attempt < USERNAME_ATTEMPTS; attempt++) {
    try {
      const [row] = await db
        .insert(users)
        .values({
          externalId: profile.externalId,
          username: usernameCandidate(profile, attempt),
          displayName: profile.displayName,
          email: profile.email ?? null,
          avatarUrl: profile.avatarUrl ?? null,
          department: profile.department ?? null,
          passwordHash: null,
        })
        .onConflictDoNothing({ target: users.externalId })
        .returning();
      if (row) return { user: row, created: true };
      // Someone provisioned the same person a moment ago.
      const raced = await findUserByExternalId(db, profile.externalId);
      if (raced) return { user: await updateFromProfile(db, raced, profile), created: false };
    } catch (err) {
      if (!isUniqueViolation(err, "users_username_key")) throw err;
    }
  }
  throw new Error("could not find a free username");
}

async function updateFromProfile(db: Executor, user: UserRow, profile: ExternalProfile): Promise<UserRow> {
  const patch: Partial<Pick<UserRow, "displayName" | "email" | "avatarUrl" | "department">> = {};
  if (profile.displayName !== user.displayName) patch.displayName = profile.displayName;
  if (profile.email !== undefined && profile.email !== user.email) patch.email = profile.email;
  if (profile.avatarUrl !== undefined && profile.avatarUrl !== user.avatarUrl) patch.avatarUrl = profile.avatarUrl;
  if (profile.department !== undefined && profile.department !== user.department) patch.department = profile.department;
  if (Object.keys(patch).length === 0) return user; // the common sign-on writes nothing
  const [row] = await db
    .update(users)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(users.id, user.id))
    .returning();
  return row ?? user;
}

/** A valid username from the hint (or the name): lowercase, allowed characters, suffixed on retries. */
export function usernameCandidate(
  profile: Pick<ExternalProfile, "usernameHint" | "displayName">,
  attempt: number,
): string {
  const source = profile.usernameHint || profile.displayName;
  let base = source
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "") // accents off: "Zoë" → "zoe"
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, LIMITS.usernameMax - 7);
  if (base.length < LIMITS.usernameMin) base = `user-${base}`.replace(/-$/, "");
  return attempt === 0 ? base : `${base}-${crypto.randomBytes(3).toString("hex")}`;
}
