import { LIMITS, type PinnedMessage } from "@teamchat/protocol";
import { arrayLiteral } from "../../db/array-literal.js";
import type { Database } from "../../db/database.js";
import { jsonColumns } from "../../db/raw-columns.js";
import {
  chatFormerMembers,
  chatMembers,
  chats,
  type FileRow,
  files,
  type MessageReactionRow,
  messageReactions,
  messages,
} from "../../db/schema.js";
import type { ChatSummaryRow, MemberWithUserRow } from "./chats.repo.js";

/** A chat list row and whose view of the chat it is. */
export type ViewedChatRow = ChatSummaryRow & { viewerId: string };

/**
 * A chat list as one statement reads it: rows, and what their summaries show grouped by chat or
 * message. My whole list, or several (viewer, chat) pairs at once (`readChatViews`).
 */
export type ChatList = {
  /** Chats the viewer is a member of, newest activity first. */
  current: ViewedChatRow[];
  /** Groups the viewer left or was removed from (in no particular order). */
  former: ViewedChatRow[];
  /** Per viewer, who blocked them (their profiles are withheld from the viewer). */
  blockers: Map<string, Set<string>>;
  /** Per chat, its members in order of joining. */
  members: Map<string, MemberWithUserRow[]>;
  /** Per chat, its pinned messages, newest pin first. */
  pins: Map<string, PinnedMessage[]>;
  /** Of the last messages, oldest first. */
  reactions: MessageReactionRow[];
  /** Per last message, its files in display order. */
  attachments: Map<string, FileRow[]>;
};

// Left out: what no summary shows (a direct chat's pair key, its creator, whose list it is not in
// yet) and other members' own settings for the chat. A list repeats them per chat and per member.
const CHAT = jsonColumns(chats, "c", ["directKey", "createdBy", "unlistedFor"]);
const ME = jsonColumns(chatMembers, "cm");
const FORMER = jsonColumns(chatFormerMembers, "fm");
const MESSAGE = jsonColumns(messages, "m");
const MEMBER = jsonColumns(chatMembers, "mm", ["mutedUntil", "archived", "pinnedAt"]);
const REACTION = jsonColumns(messageReactions, "r");
const FILE = jsonColumns(files, "f");

/**
 * The whole chat list in ONE statement answering one JSON text: the list is what every client
 * asks for first, and as five statements in two rounds it cost a parse and plan each and the
 * drivers' per-field work on ~1,000 rows (docs/benchmarks.md, "Chat list"). `$1` is the user;
 * with `pairs`, `$1` and `$2` are arrays of viewers and chats: each chat as its viewer sees it, so
 * that many members are told about a chat in one statement (chat-announcer.ts). The text never
 * varies, so it runs as a named prepared statement, planned once per connection.
 */
function chatListSql(pairs: boolean): string {
  // The arrays are read through subqueries so that no plan sees their length: one seen with a
  // single pair is planned as one row and always beat the generic plan's 100, so every read of
  // one chat was planned afresh: PGlite 6.4 ms a read, PostgreSQL 2.3; planned once, 0.8 and 0.7
  // (docs/benchmarks.md, session 19). The generic plan serves one pair and 500 alike.
  const wanted = (alias: string, table: string) =>
    `unnest((SELECT $1::uuid[]), (SELECT $2::uuid[])) AS w(user_id, chat_id)
  JOIN ${table} ${alias} ON ${alias}.user_id = w.user_id AND ${alias}.chat_id = w.chat_id`;
  return `
WITH current_chats AS (
  -- My activity time: the chat's, or my preview's when later. They differ only for a message to
  -- someone who blocked me: it moves my list (my preview, one tick) and leaves theirs alone.
  SELECT GREATEST(c.last_activity_at, m.created_at) AS at, c.id, m.id AS message_id,
    CASE WHEN m.created_at > c.last_activity_at THEN m.created_at::text END AS preview_later_at,
    json_build_array(${CHAT.list}) AS chat, json_build_array(${ME.list}) AS me,
    CASE WHEN m.id IS NULL THEN NULL ELSE json_build_array(${MESSAGE.list}) END AS message,
    -- Unread = messages after my read pointer that I did not send. Seqs are gap-free, so that
    -- is the distance to the last seq minus my own messages after the pointer (usually none):
    -- an index probe per chat instead of visiting every unread message; a chat read to the end
    -- needs none.
    (CASE WHEN c.last_seq > cm.read_seq THEN c.last_seq - cm.read_seq
      - (SELECT count(*)::int FROM messages x
        WHERE x.chat_id = cm.chat_id AND x.sender_id = cm.user_id AND x.seq > cm.read_seq)
      -- Others' messages I deleted for myself are not waiting for me either (hides are few).
      - (SELECT count(*)::int FROM message_hides h JOIN messages hm ON hm.id = h.message_id
        WHERE h.user_id = cm.user_id AND h.chat_id = cm.chat_id AND hm.seq > cm.read_seq
          AND hm.sender_id IS DISTINCT FROM cm.user_id)
      ELSE c.last_seq - cm.read_seq END) AS unread_count,
    -- Unread mentions of me, through the partial index of messages that mention someone (0016).
    (CASE WHEN c.last_seq > cm.read_seq THEN (SELECT count(*)::int FROM messages x
      WHERE x.chat_id = cm.chat_id AND x.seq > cm.read_seq AND cardinality(x.mentions) > 0
        AND x.mentions @> ARRAY[cm.user_id] AND x.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM message_hides h WHERE h.user_id = cm.user_id AND h.message_id = x.id))
      ELSE 0 END) AS mention_count
  FROM ${pairs ? wanted("cm", "chat_members") : "chat_members cm"}
  JOIN chats c ON c.id = cm.chat_id
  -- The preview is my newest visible message: one I deleted for myself gives way to the one
  -- before it (a backward walk of the (chat_id, seq) key that stops at the first such row).
  LEFT JOIN LATERAL (SELECT * FROM messages lm WHERE lm.chat_id = c.id AND lm.seq <= c.last_seq
    AND NOT EXISTS (SELECT 1 FROM message_hides h WHERE h.user_id = ${pairs ? "cm.user_id" : "$1"} AND h.message_id = lm.id)
    ORDER BY lm.seq DESC LIMIT 1) m ON true
  ${
    pairs
      ? ""
      : // A direct chat enters the other person's list with its first message.
        "WHERE cm.user_id = $1 AND c.unlisted_for IS DISTINCT FROM cm.user_id"
  }
), former_chats AS (
  -- A group I left: its last message is the one recording my departure, and my change feed
  -- ends at my departure or a later delete for everyone of a message I could read.
  SELECT c.id, m.id AS message_id,
    json_build_array(${CHAT.list}) AS chat, json_build_array(${FORMER.list}) AS former,
    CASE WHEN m.id IS NULL THEN NULL ELSE json_build_array(${MESSAGE.list}) END AS message,
    GREATEST(fm.left_at_change_seq, COALESCE((SELECT max(d.change_seq) FROM messages d
      WHERE d.chat_id = fm.chat_id AND d.seq <= fm.left_at_seq
        AND d.deleted_at IS NOT NULL AND d.change_seq > fm.left_at_change_seq), 0)) AS head
  FROM ${pairs ? wanted("fm", "chat_former_members") : "chat_former_members fm"}
  JOIN chats c ON c.id = fm.chat_id
  LEFT JOIN messages m ON m.chat_id = c.id AND m.seq = fm.left_at_seq
  ${pairs ? "" : "WHERE fm.user_id = $1"}
),
-- Members, pins, reactions and files as one set each for the whole list (one sort each), not
-- a subquery per chat: a correlated subquery re-initialises its plan, aggregate and sort for
-- every chat, which is most of the cost on PGlite's WASM engine.
listed AS (SELECT id, message_id FROM current_chats UNION ALL SELECT id, message_id FROM former_chats),
-- Each member's profile once, not once per chat they share with me: the same colleagues are in
-- most of my chats, and a profile was half of a member's JSON.
listed_members AS MATERIALIZED (SELECT * FROM chat_members WHERE chat_id IN (SELECT id FROM listed))
SELECT json_build_array(
  (SELECT COALESCE(json_agg(json_build_array(x.chat, x.me, x.message, x.unread_count, x.mention_count, x.preview_later_at)
    ORDER BY x.at DESC, x.id DESC), '[]') FROM current_chats x),
  (SELECT COALESCE(json_agg(json_build_array(y.chat, y.former, y.message, y.head)), '[]') FROM former_chats y),
  (SELECT COALESCE(json_agg(json_build_array(b.blocked_id, b.blocker_id)), '[]') FROM user_blocks b
    WHERE b.blocked_id ${pairs ? "= ANY($1::uuid[])" : "= $1"}),
  (SELECT COALESCE(json_agg(json_build_array(${MEMBER.list}) ORDER BY mm.chat_id, mm.joined_at, mm.user_id), '[]')
    FROM listed_members mm),
  (SELECT COALESCE(json_agg(json_build_array(u.id, u.username, u.display_name, u.avatar_url, u.status_message,
      u.avatar_file_id, u.privacy_read_receipts)), '[]')
    FROM users u WHERE u.id IN (SELECT user_id FROM listed_members)),
  (SELECT COALESCE(json_agg(json_build_array(p.chat_id, p.id, p.seq, p.sender_id,
      left(p.body, ${LIMITS.quotePreviewMax}), p.pinned_by, p.pinned_at::text) ORDER BY p.pinned_at DESC, p.seq DESC), '[]')
    FROM messages p WHERE p.chat_id IN (SELECT id FROM listed) AND p.pinned_at IS NOT NULL),
  (SELECT COALESCE(json_agg(json_build_array(${REACTION.list}) ORDER BY r.created_at, r.emoji, r.user_id), '[]')
    FROM message_reactions r WHERE r.message_id IN (SELECT message_id FROM listed)),
  (SELECT COALESCE(json_agg(json_build_array(a.message_id, ${FILE.list}) ORDER BY a.message_id, a.position), '[]')
    FROM message_attachments a JOIN files f ON f.id = a.file_id WHERE a.message_id IN (SELECT message_id FROM listed))
)::text AS list`;
}

const LIST_SQL = chatListSql(false);
/** Exported for the test that it is planned once (chat-views.test.ts). */
export const PAIRS_SQL = chatListSql(true);

/** My chat list. */
export async function readChatList(database: Database, userId: string): Promise<ChatList> {
  return parsed(await database.prepared("chat_list", { text: LIST_SQL, params: [userId] }));
}

/**
 * Each wanted chat as its viewer sees it, in one statement; a pair whose viewer is not and never
 * was a member of the chat is left out.
 */
export async function readChatViews(
  database: Database,
  pairs: readonly { userId: string; chatId: string }[],
): Promise<ChatList> {
  const params = [arrayLiteral(pairs.map((p) => p.userId)), arrayLiteral(pairs.map((p) => p.chatId))];
  return parsed(await database.prepared("chat_views", { text: PAIRS_SQL, params }));
}

function parsed({ rows }: { rows: unknown[] }): ChatList {
  const [current, former, blocks, members, users, pins, reactions, attachments] = JSON.parse(
    (rows[0] as { list: string }).list,
  ) as [unknown[][], unknown[][], [string, string][], unknown[][], unknown[][], unknown[][], unknown[][], unknown[][]];
  const blockers = new Map<string, Set<string>>();
  for (const [blockedId, blockerId] of blocks) {
    const set = blockers.get(blockedId);
    if (set) set.add(blockerId);
    else blockers.set(blockedId, new Set([blockerId]));
  }
  return {
    current: current.map(currentRow),
    former: former.map(formerRow),
    blockers,
    members: groupBy(membersOf(members, users), (m) => m.chatId),
    pins: groupBy(pins, (p) => p[0] as string, pinOf),
    reactions: reactions.map((v) => REACTION.read(v)),
    attachments: groupBy(
      attachments,
      (a) => a[0] as string,
      (a) => FILE.read(a, 1),
    ),
  };
}

function currentRow([chat, me, message, unreadCount, mentionCount, previewLaterAt]: unknown[]): ViewedChatRow {
  const member = ME.read(me as unknown[]);
  const row = CHAT.read(chat as unknown[]);
  if (typeof previewLaterAt === "string")
    row.lastActivityAt = chats.lastActivityAt.mapFromDriverValue(previewLaterAt) as Date;
  return {
    viewerId: member.userId,
    chat: row,
    me: {
      role: member.role,
      readSeq: member.readSeq,
      deliveredSeq: member.deliveredSeq,
      mutedUntil: member.mutedUntil,
      archived: member.archived,
      pinnedAt: member.pinnedAt,
    },
    lastMessage: message ? MESSAGE.read(message as unknown[]) : null,
    unreadCount: Number(unreadCount),
    mentionCount: Number(mentionCount),
    left: null,
  };
}

function formerRow([chat, formerValues, message, head]: unknown[]): ViewedChatRow {
  const former = FORMER.read(formerValues as unknown[]);
  return {
    viewerId: former.userId,
    chat: CHAT.read(chat as unknown[]),
    // A chat I left keeps no settings of mine (they went with the membership row).
    me: {
      role: "member",
      readSeq: former.readSeq,
      deliveredSeq: former.leftAtSeq,
      mutedUntil: null,
      archived: false,
      pinnedAt: null,
    },
    lastMessage: message ? MESSAGE.read(message as unknown[]) : null,
    unreadCount: 0,
    mentionCount: 0,
    left: { seq: former.leftAtSeq, changeSeq: Number(head), at: former.leftAt },
  };
}

type ListedUser = MemberWithUserRow["user"] & { sharesReadReceipts: boolean };

/** Member rows completed with their users' profiles (each read once); a member without one is left out. */
function membersOf(members: unknown[][], users: unknown[][]): MemberWithUserRow[] {
  const byId = new Map<string, ListedUser>();
  for (const [id, username, displayName, avatarUrl, statusMessage, avatarFileId, sharesReadReceipts] of users) {
    byId.set(id as string, {
      id: id as string,
      username: username as string,
      displayName: displayName as string,
      avatarUrl: avatarUrl as string | null,
      statusMessage: statusMessage as string | null,
      avatarFileId: avatarFileId as string | null,
      sharesReadReceipts: sharesReadReceipts as boolean,
    });
  }
  const rows: MemberWithUserRow[] = [];
  for (const values of members) {
    const member = MEMBER.read(values);
    const user = byId.get(member.userId);
    // Completed in place, not spread into a copy: a list holds every member of every chat.
    if (user) rows.push(Object.assign(member, { user, sharesReadReceipts: user.sharesReadReceipts }));
  }
  return rows;
}

function pinOf([, messageId, seq, senderId, body, pinnedBy, pinnedAt]: unknown[]): PinnedMessage {
  return {
    messageId: messageId as string,
    seq: seq as number,
    senderId: senderId as string | null,
    body: body as string,
    pinnedBy: pinnedBy as string | null,
    pinnedAt: (messages.pinnedAt.mapFromDriverValue(pinnedAt as string) as Date).toISOString(),
  };
}

/** Items grouped by key, each group in the items' order. */
function groupBy<T, V = T>(items: T[], key: (item: T) => string, map?: (item: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const value = map ? map(item) : (item as unknown as V);
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(value);
    else groups.set(k, [value]);
  }
  return groups;
}
