import { eq } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { users } from "../../db/schema.js";

/**
 * Whether a user is disabled, cached briefly so an access token check costs no query on most
 * requests. Deprovisioning forgets the entry on its own node at once; other nodes see it when
 * their entry expires (sockets are ended everywhere at once through the adapter regardless).
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

export class AccountStatus {
  private readonly cache = new Map<string, { disabled: boolean; until: number }>();

  constructor(private readonly db: Db) {}

  async isDisabled(userId: string): Promise<boolean> {
    const now = Date.now();
    const hit = this.cache.get(userId);
    if (hit && hit.until > now) return hit.disabled;
    const [row] = await this.db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId));
    const disabled = row?.disabledAt != null;
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(userId, { disabled, until: now + TTL_MS });
    return disabled;
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }
}
