import type { Message, Reaction } from "@teamchat/protocol";
import type { Executor } from "../../db/database.js";
import type { MessageReactionRow, MessageRow } from "../../db/schema.js";
import { type AttachmentsByMessage, NO_ATTACHMENTS } from "../files/attachment.presenter.js";
import { loadAttachments } from "../files/files.repo.js";
import { reactionsOf } from "./message-changes.repo.js";

/** Per message id, its reactions grouped by emoji. */
export type ReactionsByMessage = ReadonlyMap<string, Reaction[]>;

/** For messages that cannot have any yet (just sent). */
export const NO_REACTIONS: ReactionsByMessage = new Map();

export function presentMessage(
  m: MessageRow,
  reactions: ReactionsByMessage,
  attachments: AttachmentsByMessage = NO_ATTACHMENTS,
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
    attachments: m.deletedAt ? [] : (attachments.get(m.id) ?? []),
  };
}

/** Presents a page of messages with one query for all their reactions and one for their files. */
export async function presentMessages(db: Executor, rows: MessageRow[]): Promise<Message[]> {
  const ids = rows.map((m) => m.id);
  const [reactions, attachments] = await Promise.all([loadReactions(db, ids), loadAttachments(db, ids)]);
  return rows.map((m) => presentMessage(m, reactions, attachments));
}

export async function loadReactions(db: Executor, messageIds: string[]): Promise<ReactionsByMessage> {
  return groupReactions(await reactionsOf(db, messageIds));
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
