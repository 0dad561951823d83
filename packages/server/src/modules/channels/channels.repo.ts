import type { ChannelDirectoryQuery, ChannelListing } from "@teamchat/protocol";
import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "../../db/database.js";
import { chatMembers, chats } from "../../db/schema.js";
import { initialNotice } from "../chats/chats.repo.js";

export async function insertChannel(
  db: Executor,
  creatorId: string,
  values: { name: string; description: string | null; announcement: boolean; notice?: string | undefined },
): Promise<string> {
  return db.transaction(async (tx) => {
    const [chat] = await tx
      .insert(chats)
      .values({
        type: "channel",
        name: values.name,
        description: values.description,
        createdBy: creatorId,
        onlyAdminsCanPost: values.announcement,
      })
      .returning({ id: chats.id });
    if (!chat) throw new Error("insert returned no row");
    const seen = await initialNotice(tx, chat.id, values.notice);
    await tx.insert(chatMembers).values({ chatId: chat.id, userId: creatorId, role: "admin", ...seen });
    return chat.id;
  });
}

/**
 * A page of the channel directory by name (case-insensitive "contains": strpos, so the query's
 * characters are never a pattern), with member counts and whether the viewer has joined.
 */
export async function channelDirectory(
  db: Executor,
  viewerId: string,
  query: ChannelDirectoryQuery,
): Promise<{ channels: ChannelListing[]; hasMore: boolean }> {
  const result = await db.execute(sql`
    SELECT c.id, c.name, c.description, c.only_admins_can_post AS "onlyAdminsCanPost",
      (extract(epoch FROM c.created_at) * 1000)::float8 AS "createdMs",
      (SELECT count(*)::int FROM chat_members m WHERE m.chat_id = c.id) AS "memberCount",
      EXISTS (SELECT 1 FROM chat_members m WHERE m.chat_id = c.id AND m.user_id = ${viewerId}) AS joined
    FROM chats c
    WHERE c.type = 'channel' AND (${query.q} = '' OR strpos(lower(c.name), lower(${query.q})) > 0)
    ORDER BY lower(c.name), c.id
    LIMIT ${query.limit + 1} OFFSET ${query.offset}`);
  const rows = rowsOf<Omit<ChannelListing, "createdAt"> & { createdMs: number }>(result);
  return {
    channels: rows.slice(0, query.limit).map(({ createdMs, ...r }) => ({
      ...r,
      createdAt: new Date(createdMs).toISOString(),
    })),
    hasMore: rows.length > query.limit,
  };
}
