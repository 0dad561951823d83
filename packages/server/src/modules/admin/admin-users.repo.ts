import { and, asc, eq, gt, isNotNull, isNull, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { type UserRow, users } from "../../db/schema.js";

export type ExternalUserFilter = { department?: string; disabled?: boolean; after?: string; limit: number };

/** People with an external id, in external-id order (a stable cursor), one more than asked. */
export async function listExternalUsers(db: Executor, filter: ExternalUserFilter): Promise<UserRow[]> {
  const conditions: SQL[] = [isNotNull(users.externalId)];
  if (filter.department !== undefined) conditions.push(eq(users.department, filter.department));
  if (filter.disabled === true) conditions.push(isNotNull(users.disabledAt));
  if (filter.disabled === false) conditions.push(isNull(users.disabledAt));
  if (filter.after !== undefined) conditions.push(gt(users.externalId, filter.after));
  return db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.externalId))
    .limit(filter.limit + 1);
}
