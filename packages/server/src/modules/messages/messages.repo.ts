import { and, asc, desc, eq, gt, lt, lte, type SQL, sql } from "drizzle-orm";
import { arrayLiteral } from "../../db/array-literal.js";
import { type Executor, rowsOf } from "../../db/database.js";
import { type MessageRow, messages } from "../../db/schema.js";
import { notHiddenFor } from "./hides.repo.js";
import { newMessageId } from "./message-ids.js";

/**
 * Allocates the chat's next seq and stores the message in ONE statement (one round trip, its
 * own transaction): the UPDATE takes the chat row lock, so concurrent senders in one chat
 * commit in seq order with no gap, and the EXISTS makes membership part of the same statement.
 * A unique violation (a resent clientId) fails the whole statement, so no seq is consumed.
 * Returns null when the sender is not a member (or the chat does not exist), or a block stands
 * between the two people of a direct chat. `newlyListedFor`: the person of a direct chat who did
 * not have it in their list until this message (item 7: a chat appears with its first message).
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
): Promise<(MessageRow & { newlyListedFor: string | null }) | null> {
  // In a group with only_admins_can_post, a plain member matches no row: the caller tells that
  // refusal apart from "not a member" afterwards (the rare path pays the extra query).
  const run = typeof db === "function" ? db : (query: SQL) => db.execute(query);
  // `before` reads the chat as it was: a direct chat not yet in the peer's list (`unlisted_for`)
  // enters it with this message, and the caller tells the peer.
  const result = await run(sql`
    WITH before AS (SELECT unlisted_for FROM chats WHERE id = ${input.chatId}),
    next AS (
      UPDATE chats SET last_seq = last_seq + 1, change_seq = change_seq + 1, last_activity_at = ${NEXT_ACTIVITY},
        unlisted_for = NULL
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
    ),
    inserted AS (
      INSERT INTO messages (id, chat_id, seq, change_seq, sender_id, client_id, kind, body, created_at, reply_to_id, mentions,
        forwarded, expires_at)
      SELECT ${newMessageId()}::uuid, ${input.chatId}, next.last_seq, next.change_seq, ${input.senderId}, ${input.clientId}, 'text', ${input.body},
        next.last_activity_at, ${input.replyToId ?? null}::uuid, ${uuidArray(input.mentions ?? [])}::uuid[],
        ${input.forwarded ?? false},
        CASE WHEN next.disappearing_seconds IS NULL THEN NULL
          ELSE next.last_activity_at + make_interval(secs => COALESCE(${input.disappearingOverrideSeconds ?? null}::int,
            next.disappearing_seconds)) END
      FROM next
      RETURNING ${RETURNED_MESSAGE}
    )
    SELECT inserted.*, (SELECT unlisted_for FROM before) AS newly_listed_for FROM inserted`);
  const [row] = rowsOf<RawInsertedMessage & { newly_listed_for: string | null }>(result);
  return row ? { ...fromRaw(row), newlyListedFor: row.newly_listed_for } : null;
}

/**
 * A message to someone who blocked the sender, in a direct chat: stored with the chat's next seq
 * like any other (so the sender's history stays gap-free and its idempotency holds), but marked
 * undelivered and without touching the chat's activity time (the blocker's list does not move).
 * The caller hides it for the blocker in the same transaction. Null when the sender is not a
 * member of that direct chat.
 */
export async function insertUndelivered(
  tx: Executor,
  input: {
    chatId: string;
    senderId: string;
    clientId: string;
    body: string;
    replyToId?: string | undefined;
    forwarded: boolean;
  },
): Promise<MessageRow | null> {
  const result = await tx.execute(sql`
    WITH next AS (
      UPDATE chats SET last_seq = last_seq + 1, change_seq = change_seq + 1
      WHERE id = ${input.chatId} AND type = 'direct'
        AND EXISTS (SELECT 1 FROM chat_members WHERE chat_id = ${input.chatId} AND user_id = ${input.senderId})
      RETURNING last_seq, change_seq, disappearing_seconds
    )
    INSERT INTO messages (id, chat_id, seq, change_seq, sender_id, client_id, kind, body, created_at, reply_to_id,
      forwarded, undelivered, expires_at)
    SELECT ${newMessageId()}::uuid, ${input.chatId}, next.last_seq, next.change_seq, ${input.senderId}, ${input.clientId}, 'text', ${input.body},
      now(), ${input.replyToId ?? null}::uuid, ${input.forwarded}, true,
      CASE WHEN next.disappearing_seconds IS NULL THEN NULL ELSE now() + make_interval(secs => next.disappearing_seconds) END
    FROM next
    RETURNING ${RETURNED_MESSAGE}`);
  const [row] = rowsOf<RawInsertedMessage>(result);
  return row ? fromRaw(row) : null;
}

/** One send of a batch: what `insertWithNextSeq` takes. */
export type SendRowInput = Parameters<typeof insertWithNextSeq>[1];

/**
 * Group commit: stores a batch of sends from many senders and chats in ONE statement (one round
 * trip, one commit). Each send gets the next gap-free seq of its chat in batch order (one
 * `UPDATE chats … last_seq + n` per chat, which takes the chat row lock as a single send does).
 * A send whose (sender, clientId) is already stored, or repeats an earlier one of the batch, or
 * whose sender may not post (not a member, only admins post, a block in a direct chat) is left
 * out and takes no seq: it is simply missing from the answer, and the caller finds out which case
 * it was. A unique violation (the same clientId stored meanwhile by another node) fails the
 * whole statement, storing nothing: the caller then stores the batch one send at a time.
 */
export async function insertBatchWithNextSeqs(
  /** The executor, or a runner of the statement (a prepared statement on the hot path). */
  db: Executor | ((query: SQL) => Promise<unknown>),
  inputs: SendRowInput[],
): Promise<(MessageRow & { newlyListedFor: string | null })[]> {
  if (inputs.length === 0) return [];
  const run = typeof db === "function" ? db : (query: SQL) => db.execute(query);
  // One array parameter per column, not a VALUES list of parameters per send: the statement's
  // text is the same for every batch size, so it is parsed and planned once (a prepared
  // statement), where planning the CTE alone cost ~1.6 ms per batch on PGlite (docs/benchmarks.md).
  const column = <T>(pick: (input: SendRowInput) => T) => inputs.map(pick);
  const result = await run(sql`
    WITH input AS (
      SELECT i.ord::int AS ord, i.id, i.chat_id, i.sender_id, i.client_id, i.body, i.reply_to_id,
        i.mentions::uuid[] AS mentions, i.forwarded, i.expiry_override
      FROM unnest(${arrayLiteral(column(() => newMessageId()))}::uuid[], ${arrayLiteral(column((i) => i.chatId))}::uuid[], ${arrayLiteral(column((i) => i.senderId))}::uuid[],
        ${arrayLiteral(column((i) => i.clientId))}::text[], ${arrayLiteral(column((i) => i.body))}::text[],
        ${arrayLiteral(column((i) => i.replyToId ?? null))}::uuid[],
        ${arrayLiteral(column((i) => uuidArray(i.mentions ?? [])))}::text[],
        ${arrayLiteral(column((i) => (i.forwarded ? "t" : "f")))}::boolean[],
        ${arrayLiteral(column((i) => (i.disappearingOverrideSeconds == null ? null : String(i.disappearingOverrideSeconds))))}::int[])
        WITH ORDINALITY AS i (id, chat_id, sender_id, client_id, body, reply_to_id, mentions, forwarded, expiry_override, ord)
    ),
    -- The blocks the batch's senders are in, either way (usually none): read once per batch, where
    -- a lookup per send rescanned user_blocks, and each scan asks the file system for the
    -- table's size (on PGlite a JavaScript fstat; docs/benchmarks.md, session 17).
    blocks AS MATERIALIZED (
      SELECT b.blocker_id, b.blocked_id FROM user_blocks b
      WHERE b.blocker_id IN (SELECT sender_id FROM input) OR b.blocked_id IN (SELECT sender_id FROM input)
    ),
    -- Sends whose clientId is not stored yet and whose sender may post in that chat.
    permitted AS (
      SELECT i.* FROM input i JOIN chats c ON c.id = i.chat_id
      WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.sender_id = i.sender_id AND m.client_id = i.client_id)
        AND EXISTS (SELECT 1 FROM chat_members cm WHERE cm.chat_id = i.chat_id AND cm.user_id = i.sender_id
          AND (cm.role = 'admin' OR NOT c.only_admins_can_post))
        AND NOT (c.type = 'direct' AND EXISTS (SELECT 1 FROM blocks b
          WHERE i.sender_id IN (b.blocker_id, b.blocked_id) AND EXISTS (SELECT 1 FROM chat_members other
            WHERE other.chat_id = i.chat_id AND other.user_id <> i.sender_id AND other.user_id IN (b.blocker_id, b.blocked_id))))
    ),
    -- The first of each (sender, clientId); a repeat within the batch answers as a duplicate.
    fresh AS (
      SELECT DISTINCT ON (p.sender_id, p.client_id) p.* FROM permitted p ORDER BY p.sender_id, p.client_id, p.ord
    ),
    allowed AS (SELECT f.*, row_number() OVER (PARTITION BY f.chat_id ORDER BY f.ord)::int AS k FROM fresh f),
    counts AS (SELECT chat_id, count(*)::int AS n FROM allowed GROUP BY chat_id),
    -- The chats as they were: a direct chat not yet in the peer's list enters it with its first message.
    before AS (SELECT c.id, c.unlisted_for FROM chats c WHERE c.id IN (SELECT chat_id FROM counts)),
    next AS (
      UPDATE chats SET last_seq = chats.last_seq + counts.n, change_seq = chats.change_seq + counts.n,
        last_activity_at = ${NEXT_ACTIVITY}, unlisted_for = NULL
      FROM counts WHERE chats.id = counts.chat_id
      RETURNING chats.id, chats.last_seq, chats.change_seq, chats.last_activity_at, chats.disappearing_seconds, counts.n
    ),
    inserted AS (
      INSERT INTO messages (id, chat_id, seq, change_seq, sender_id, client_id, kind, body, created_at, reply_to_id, mentions,
        forwarded, expires_at)
      SELECT a.id, a.chat_id, next.last_seq - next.n + a.k, next.change_seq - next.n + a.k, a.sender_id, a.client_id, 'text',
        a.body, next.last_activity_at, a.reply_to_id, a.mentions, a.forwarded,
        CASE WHEN next.disappearing_seconds IS NULL THEN NULL
          ELSE next.last_activity_at + make_interval(secs => COALESCE(a.expiry_override, next.disappearing_seconds)) END
      FROM allowed a JOIN next ON next.id = a.chat_id
      ORDER BY a.chat_id, a.k
      RETURNING ${RETURNED_MESSAGE}
    ),
    firsts AS (SELECT chat_id, min(seq) AS seq FROM inserted GROUP BY chat_id)
    SELECT inserted.*, CASE WHEN inserted.seq = firsts.seq THEN before.unlisted_for END AS newly_listed_for
    FROM inserted JOIN firsts ON firsts.chat_id = inserted.chat_id LEFT JOIN before ON before.id = inserted.chat_id`);
  return rowsOf<RawInsertedMessage & { newly_listed_for: string | null }>(result).map((row) => ({
    ...fromRaw(row),
    newlyListedFor: row.newly_listed_for,
  }));
}

/**
 * A system message (no sender, no clientId) through the same seq/change_seq allocation as a
 * send, so it is in history and in the change feed. Meant to run inside the group change's
 * transaction, which already holds the chat row lock.
 */
/** A message without a sender: `system` (a member's action) or `notice` (the host app's, admin API). */
export async function insertSystemMessage(
  db: Executor,
  chatId: string,
  body: string,
  kind: "system" | "notice" = "system",
): Promise<MessageRow> {
  const result = await db.execute(sql`
    WITH next AS (
      UPDATE chats SET last_seq = last_seq + 1, change_seq = change_seq + 1, last_activity_at = ${NEXT_ACTIVITY}
      WHERE id = ${chatId}
      RETURNING last_seq, change_seq, last_activity_at
    )
    INSERT INTO messages (id, chat_id, seq, change_seq, sender_id, client_id, kind, body, created_at)
    SELECT ${newMessageId()}::uuid, ${chatId}, next.last_seq, next.change_seq, NULL, NULL, ${kind}, ${body}, next.last_activity_at
    FROM next
    RETURNING ${RETURNED_MESSAGE}`);
  const [row] = rowsOf<RawInsertedMessage>(result);
  if (!row) throw new Error(`chat ${chatId} vanished while writing a system message`);
  return fromRaw(row);
}

/**
 * A chat's next activity time, which is also its new message's time: never before the chat's
 * last one. `now()` is when the transaction began, and a group change that began before a
 * concurrent send committed would otherwise stamp its later-seq system message (and the chat)
 * earlier than that send: the chat's time went backwards, and clients that keep the later time
 * disagreed with a fresh fetch (sdk-state-property, on PostgreSQL). Same text on every path, so
 * the prepared statements stay one.
 */
const NEXT_ACTIVITY = sql.raw("GREATEST(statement_timestamp(), chats.last_activity_at)");

const RETURNED_MESSAGE = sql.raw(`id, chat_id, seq, change_seq, sender_id, client_id, kind, body, edited_at, deleted_at,
      reply_to_id, pinned_at, pinned_by, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms,
      to_json(mentions) AS mentions, forwarded, (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms,
      undelivered`);

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
    undelivered: row.undelivered,
    // A message just stored has no preview yet (the server adds it as a change).
    linkPreview: null,
    linkPreviewFileId: null,
  };
}

type RawInsertedMessage = {
  id: string;
  chat_id: string;
  seq: number;
  change_seq: number;
  sender_id: string | null;
  client_id: string | null;
  kind: "text" | "system" | "notice";
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
  undelivered: boolean;
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
