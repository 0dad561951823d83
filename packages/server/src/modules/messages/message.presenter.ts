import { LIMITS, type LinkPreview, type Message, type Reaction, type ReplyPreview } from "@teamchat/protocol";
import { inArray } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { type MessageReactionRow, type MessageRow, messages } from "../../db/schema.js";
import { type AttachmentsByMessage, NO_ATTACHMENTS } from "../files/attachment.presenter.js";
import { loadAttachments } from "../files/files.repo.js";
import { loadPlays, NO_PLAYS, type PlaysByMessage } from "../voice/voice-plays.repo.js";
import { type Departure, reactionsAsAtDeparture, rowsAsAtDeparture } from "./departure-view.js";
import { reactionsOf } from "./message-changes.repo.js";

/** Per quoted message id, what a reply shows of it now. */
export type QuotesById = ReadonlyMap<string, ReplyPreview>;
export const NO_QUOTES: QuotesById = new Map();

/** Per message id, its reactions grouped by emoji. */
export type ReactionsByMessage = ReadonlyMap<string, Reaction[]>;

/** For messages that cannot have any yet (just sent). */
export const NO_REACTIONS: ReactionsByMessage = new Map();

export function presentMessage(
  m: MessageRow,
  reactions: ReactionsByMessage,
  quotes: QuotesById = NO_QUOTES,
  attachments: AttachmentsByMessage = NO_ATTACHMENTS,
  plays: PlaysByMessage = NO_PLAYS,
): Message {
  return {
    id: m.id,
    chatId: m.chatId,
    seq: m.seq,
    senderId: m.senderId,
    clientId: m.clientId,
    kind: m.kind,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt?.toISOString() ?? null,
    deletedAt: m.deletedAt?.toISOString() ?? null,
    // A tombstone never shows reactions, even one racing the delete.
    reactions: m.deletedAt ? [] : (reactions.get(m.id) ?? []),
    changeSeq: m.changeSeq,
    // A tombstone quotes nothing either: its whole content is gone.
    replyTo: m.replyToId && !m.deletedAt ? (quotes.get(m.replyToId) ?? null) : null,
    pinnedAt: m.pinnedAt?.toISOString() ?? null,
    mentions: m.mentions,
    forwarded: m.forwarded,
    expiresAt: m.expiresAt?.toISOString() ?? null,
    attachments: m.deletedAt ? [] : (attachments.get(m.id) ?? []),
    // Only its sender can read such a message (it is hidden for the one person it was sent to).
    undelivered: m.undelivered,
    ...linkPreviewOf(m),
    playedBy: m.deletedAt ? [] : (plays.get(m.id) ?? []),
  };
}

/**
 * A tombstone shows no preview; an image whose file is gone (its uploader's account deleted)
 * is left out rather than pointing at nothing.
 */
function linkPreviewOf(m: MessageRow): { linkPreview?: LinkPreview } {
  if (!m.linkPreview || m.deletedAt) return {};
  const image = m.linkPreviewFileId === m.linkPreview.image?.fileId ? m.linkPreview.image : null;
  return { linkPreview: { ...m.linkPreview, image } };
}

/**
 * Presents a page of messages with one query each for their reactions, quotes, files and (voice
 * notes only) plays; for a former member (`departure`), as they were when they left
 * (departure-view.ts). A page for one person (`viewer`) lists their own voice plays even when
 * they hide read receipts; a page fanned out to a room must not name a viewer.
 */
export async function presentMessages(
  db: Executor,
  current: MessageRow[],
  departure: Departure | null = null,
  viewer?: string,
): Promise<Message[]> {
  const rows = await rowsAsAtDeparture(db, current, departure);
  const ids = rows.map((m) => m.id);
  const [reactions, quotes, attachments] = await Promise.all([
    loadReactions(db, ids, departure),
    loadQuotes(db, rows),
    loadAttachments(db, ids),
  ]);
  // Plays only for messages with audio: a page without voice notes costs no extra query.
  const plays = await loadPlays(
    db,
    ids.filter((id) => attachments.get(id)?.some((a) => a.kind === "audio")),
    viewer,
  );
  return rows.map((m) => presentMessage(m, reactions, quotes, attachments, plays));
}

/**
 * The quoted messages of replies, read as they are now (joined at read time, never copied into
 * the reply): a quote of a message deleted for everyone carries no text.
 */
export async function loadQuotes(db: Executor, rows: MessageRow[]): Promise<QuotesById> {
  const ids = [...new Set(rows.flatMap((m) => (m.replyToId ? [m.replyToId] : [])))];
  if (ids.length === 0) return NO_QUOTES;
  const quoted = await db
    .select({
      id: messages.id,
      seq: messages.seq,
      senderId: messages.senderId,
      body: messages.body,
      deletedAt: messages.deletedAt,
    })
    .from(messages)
    .where(inArray(messages.id, ids));
  return new Map(
    quoted.map((q) => [
      q.id,
      {
        id: q.id,
        seq: q.seq,
        senderId: q.senderId,
        body: q.deletedAt ? "" : q.body.slice(0, LIMITS.quotePreviewMax),
        deleted: q.deletedAt !== null,
      },
    ]),
  );
}

export async function loadReactions(
  db: Executor,
  messageIds: string[],
  departure: Departure | null = null,
): Promise<ReactionsByMessage> {
  return groupReactions(reactionsAsAtDeparture(await reactionsOf(db, messageIds), departure));
}

/** Rows arrive oldest first, so each emoji lands in order of its first reaction. */
export function groupReactions(rows: MessageReactionRow[]): ReactionsByMessage {
  const byMessage = new Map<string, Map<string, string[]>>();
  for (const row of rows) {
    const byEmoji = byMessage.get(row.messageId) ?? new Map<string, string[]>();
    byMessage.set(row.messageId, byEmoji);
    const userIds = byEmoji.get(row.emoji);
    if (userIds) userIds.push(row.userId);
    else byEmoji.set(row.emoji, [row.userId]);
  }
  return new Map(
    [...byMessage].map(([messageId, byEmoji]) => [
      messageId,
      [...byEmoji].map(([emoji, userIds]) => ({ emoji, userIds })),
    ]),
  );
}
