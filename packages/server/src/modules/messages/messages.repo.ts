import { and, asc, desc, eq, gt, lt, lte, type SQL, sql } from "drizzle-orm";
import { type Executor, rowsOf } from "../../db/database.js";
import { type MessageRow, messages } from "../../db/schema.js";
import { notHiddenFor } from "./hides.repo.js";

/**
 * Allocates the chat's next seq and stores the message in ONE statement (one round trip, its
 * own transaction): the UPDATE takes the chat row lock, so concurrent senders in one chat
 * commit in seq order with no gap, and the EXISTS makes membership part of the same statement.
 * A unique violation (a resent clientId) fails the whole statement, so no seq is consumed.
 * Returns null when the sender is not a member (or the chat does not exist), or a block stands
 * between the two people of a direct chat.
 */
export async function insertWithNextSeq(
  /** The executor, or a runner of the statement (a prepared statement on the hot path). */
  db: Executor | ((query: SQL) => Promise<unknown>),
  input: {
    chatId: string;
    senderId: string;
    clientId: string;
    body: string;
    replyToId?: string | undefined;
    /** Already checked to be members. */
    mentions?: string[];
    forwarded?: boolean;
    /** Test-only: every disappearing timer lasts this many seconds (DISAPPEARING_TEST_SECONDS). */
    disappearingOverrideSeconds?: number | null;
  },
): Promise<MessageRow | null> {
  // In a group with only_admins_can_post, a plain member matches no row: the caller tells that
  // refusal apart from "not a member" afterwards (the rare path pays the extra query).
  const run = typeof db === "function" ? db : (query: SQL) => db.execute(query);
  const result = await run(sql`
    WITH next AS (
      UPDATE chats SET last_seq = last_seq + 1, change_seq = change_seq + 1, last_activity_at = now()
      WHERE id = ${input.chatId}
        AND EXISTS (SELECT 1 FROM chat_members WHERE chat_id = ${input.chatId} AND user_id = ${input.senderId}
          AND (role = 'admin' OR NOT chats.only_admins_can_post))
        -- A block between the two people of a direct chat stops messages both ways.
        AND NOT (type = 'direct' AND EXISTS (
          SELECT 1 FROM chat_members other JOIN user_blocks b
            ON (b.blocker_id = other.user_id AND b.blocked_id = ${input.senderId})
            OR (b.blocker_id = ${input.senderId} AND b.blocked_id = other.user_id)
          WHERE other.chat_id = ${input.chatId} AND other.user_id <> ${input.senderId}))
      RETURNING last_seq, change_seq, last_activity_at, disappearing_seconds
    )
    INSERT INTO messages (chat_id, seq, change_seq, sender_id, client_id, kind, body, created_at, reply_to_id, mentions,
      forwarded, expires_at)
    SELECT ${input.chatId}, next.last_seq, next.change_seq, ${input.senderId}, ${input.clientId}, 'text', ${input.body},
      next.last_activity_at, ${input.replyToId ?? null}::uuid, ${uuidArray(input.mentions ?? [])}::uuid[],
      ${input.forwarded ?? false},
      CASE WHEN next.disappearing_seconds IS NULL THEN NULL
        ELSE next.last_activity_at + make_interval(secs => COALESCE(${input.disappearingOverrideSeconds ?? null}::int,
          next.disappearing_seconds)) END
    FROM next
    RETURNING ${RETURNED_MESSAGE}`);
  const [row] = rowsOf<RawInsertedMessage>(result);
  return row ? fromRaw(row) : null;
}

/**
 * A system message (no sender, no clientId) through the same seq/change_seq allocation as a
 * send, so it is in history and in the change feed. Meant to run inside the group change's
 * transaction, which already holds the chat row lock.
 */
export async function insertSystemMessage(db: Executor, chatId: string, body: string): Promise<MessageRow> {
  const result = await db.execute(sql`
    WITH next AS (
      UPDATE chats SET last_seq = last_seq + 1, change_seq = change_seq + 1, last_activity_at = now()
      WHERE id = ${chatId}
      RETURNING last_seq, change_seq, last_activity_at
    )
    INSERT INTO messages (chat_id, seq, change_seq, sender_id, client_id, kind, body, created_at)
    SELECT ${chatId}, next.last_seq, next.change_seq, NULL, NULL, 'system', ${body}, next.last_activity_at
    FROM next
    RETURNING ${RETURNED_MESSAGE}`);
  const [row] = rowsOf<RawInsertedMessage>(result);
  if (!row) throw new Error(`chat ${chatId} vanished while writing a system message`);
  return fromRaw(row);
}

const RETURNED_MESSAGE = sql.raw(`id, chat_id, seq, change_seq, sender_id, client_id, kind, body, edited_at, deleted_at,
      reply_to_id, pinned_at, pinned_by, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms,
      to_json(mentions) AS mentions, forwarded, (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms`);

/** A PostgreSQL array literal of (already validated) uuids: drizzle would spread a JS array into a list. */
export function uuidArray(ids: string[]): string {
  return `{${ids.join(",")}}`;
}

function fromRaw(row: RawInsertedMessage): MessageRow {
  return {
    id: row.id,
    chatId: row.chat_id,
    seq: row.seq,
    changeSeq: row.change_seq,
    senderId: row.sender_id,
    clientId: row.client_id,
    kind: row.kind,
    body: row.body,
    createdAt: new Date(row.created_ms),
    editedAt: row.edited_at === null ? null : new Date(row.edited_at),
    deletedAt: row.deleted_at === null ? null : new Date(row.deleted_at),
    replyToId: row.reply_to_id,
    pinnedAt: row.pinned_at === null ? null : new Date(row.pinned_at),
    pinnedBy: row.pinned_by,
    mentions: typeof row.mentions === "string" ? JSON.parse(row.mentions) : row.mentions,
    forwarded: row.forwarded,
    expiresAt: row.expires_ms === null ? null : new Date(row.expires_ms),
  };
}

type RawInsertedMessage = {
  id: string;
  chat_id: string;
  seq: number;
  change_seq: number;
  sender_id: string | null;
  client_id: string | null;
  kind: "text" | "system";
  body: string;
  edited_at: string | null;
  deleted_at: string | null;
  reply_to_id: string | null;
  pinned_at: string | null;
  pinned_by: string | null;
  created_ms: number;
  mentions: string[] | string;
  forwarded: boolean;
  expires_ms: number | null;
};

export async function findBySenderClientId(
  db: Executor,
  senderId: string,
  clientId: string,
): Promise<MessageRow | null> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.senderId, senderId), eq(messages.clientId, clientId)));
  return row ?? null;
}

/** A page by seq, returned ascending; `hasMore` says whether more lie beyond it in that direction. */
export async function historyPage(
  db: Executor,
  chatId: string,
  page: { before?: number | undefined; after?: number | undefined; limit: number },
  /** A former member's last readable seq: nothing after it is returned. */
  maxSeq: number | null = null,
  /** Messages this user deleted for themselves are left out. */
  viewerId: string | null = null,
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const take = page.limit + 1;
  const cap = and(
    maxSeq === null ? undefined : lte(messages.seq, maxSeq),
    viewerId === null ? undefined : notHiddenFor(viewerId),
  );
  if (page.after !== undefined) {
    const rows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.chatId, chatId), gt(messages.seq, page.after), cap))
      .orderBy(asc(messages.seq))
      .limit(take);
    return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.chatId, chatId), page.before !== undefined ? lt(messages.seq, page.before) : undefined, cap))
    .orderBy(desc(messages.seq))
    .limit(take);
  return { rows: rows.slice(0, page.limit).reverse(), hasMore: rows.length > page.limit };
}

/**
 * A page centred on `seq` (jump to a message): about half the limit before it, the rest from it
 * on, ascending. A short side leaves its room to the other, so the page is full when it can be.
 */
export async function historyAround(
  db: Executor,
  chatId: string,
  around: number,
  limit: number,
  /** A former member's last readable seq. */
  maxSeq: number | null = null,
  /** Leaves out what this user deleted for themselves. */
  viewerId: string | null = null,
): Promise<{ rows: MessageRow[]; hasOlder: boolean; hasNewer: boolean }> {
  const target = maxSeq === null ? around : Math.min(around, maxSeq);
  const older = await historyPage(db, chatId, { before: target, limit }, maxSeq, viewerId);
  const newer = await historyPage(db, chatId, { after: target - 1, limit }, maxSeq, viewerId);
  const wantOlder = Math.floor((limit - 1) / 2);
  const takeOlder = Math.min(older.rows.length, Math.max(wantOlder, limit - newer.rows.length));
  const takeNewer = Math.min(newer.rows.length, limit - takeOlder);
  return {
    rows: [...older.rows.slice(older.rows.length - takeOlder), ...newer.rows.slice(0, takeNewer)],
    hasOlder: older.hasMore || takeOlder < older.rows.length,
    hasNewer: newer.hasMore || takeNewer < newer.rows.length,
  };
}
