import type { AdminUpdateUserBody, AdminUpsertUserBody, AdminUser, AdminUserPage } from "@teamchat/protocol";
import { eq, sql } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { type UserRow, users } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { userRoom } from "../../realtime/rooms.js";
import { findUserByExternalId, upsertExternalUser } from "../sso/external-users.js";
import { type ExternalUserFilter, listExternalUsers } from "./admin-users.repo.js";

export function presentAdminUser(u: UserRow): AdminUser {
  return {
    id: u.id,
    externalId: u.externalId,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    avatarUrl: u.avatarUrl,
    department: u.department,
    disabled: u.disabledAt !== null,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function adminUpsertUser(ctx: AppContext, body: AdminUpsertUserBody) {
  return upsertExternalUser(ctx.db, { ...body, usernameHint: body.username ?? body.email?.split("@")[0] ?? null });
}

export async function requireExternalUser(ctx: AppContext, externalId: string): Promise<UserRow> {
  const user = await findUserByExternalId(ctx.db, externalId);
  if (!user) throw new AppError("USER_NOT_FOUND");
  return user;
}

export async function adminUpdateUser(
  ctx: AppContext,
  externalId: string,
  body: AdminUpdateUserBody,
): Promise<UserRow> {
  const user = await requireExternalUser(ctx, externalId);
  const { disabled, ...profile } = body;
  let row = user;
  if (Object.keys(profile).length > 0) {
    [row = user] = await ctx.db
      .update(users)
      .set({ ...profile, updatedAt: sql`now()` })
      .where(eq(users.id, user.id))
      .returning();
  }
  if (disabled !== undefined && disabled !== (user.disabledAt !== null))
    row = await setDisabled(ctx, user.id, disabled);
  return row;
}

/**
 * Deprovisioning: the flag first (new sign-ons, refreshes and token checks refuse from now on),
 * then every refresh-token family, then every live socket of the user on every node (the
 * adapter carries disconnectSockets to the `user:<id>` room everywhere).
 */
async function setDisabled(ctx: AppContext, userId: string, disabled: boolean): Promise<UserRow> {
  const [row] = await ctx.db
    .update(users)
    .set({ disabledAt: disabled ? sql`now()` : null, updatedAt: sql`now()` })
    .where(eq(users.id, userId))
    .returning();
  if (!row) throw new AppError("USER_NOT_FOUND");
  ctx.accountStatus.forget(userId);
  if (disabled) {
    await ctx.refreshTokens.revokeAllForUser(userId);
    ctx.io.in(userRoom(userId)).disconnectSockets(true);
  }
  return row;
}

export async function adminListUsers(ctx: AppContext, query: ExternalUserFilter): Promise<AdminUserPage> {
  const rows = await listExternalUsers(ctx.db, query);
  const page = rows.slice(0, query.limit);
  const more = rows.length > query.limit;
  return { users: page.map(presentAdminUser), next: more ? (page.at(-1)?.externalId ?? null) : null };
}
