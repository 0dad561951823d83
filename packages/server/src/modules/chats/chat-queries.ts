import type { ChatSummary } from "@teamchat/protocol";
import type { Database, Executor } from "../../db/database.js";
import { AppError } from "../../errors.js";
import { presentAttachment } from "../files/attachment.presenter.js";
import type { Departure } from "../messages/departure-view.js";
import { groupReactions } from "../messages/message.presenter.js";
import { summaryFor } from "../users/withheld-profile.js";
import { presentChatSummary } from "./chat.presenter.js";
import { type ChatList, readChatList } from "./chat-list.repo.js";
import { type ChatSummaryRow, chatExists, findFormerMembership, findMembership } from "./chats.repo.js";

/** My chats, groups I left included (read-only), newest activity first. */
export async function getChatSummaries(database: Database, userId: string): Promise<ChatSummary[]> {
  // One statement (chat-list.repo.ts): the chat list is what every client asks for first.
  const list = await readChatList(database, userId);
  const rows = list.former.length > 0 ? [...list.current, ...list.former].sort(byActivity) : list.current;
  const present = presenter(list, userId);
  const blockers = new Set(list.blockers);
  return rows.map((r) => summaryFor(present(r), blockers));
}

/** One chat as `userId` sees it (profiles of members who blocked them withheld). */
export async function getChatSummary(database: Database, userId: string, chatId: string): Promise<ChatSummary> {
  const list = await readChatList(database, userId, chatId);
  const row = list.current[0] ?? list.former[0];
  if (!row) throw await notMemberError(database.db, chatId);
  return summaryFor(presenter(list, userId)(row), new Set(list.blockers));
}

/**
 * One chat as `userId` sees it but with every member's full profile: only for events sent to
 * several members, each of whom gets it through `summaryFor` with their own blockers.
 */
export async function getChatSummaryUnwithheld(
  database: Database,
  userId: string,
  chatId: string,
): Promise<ChatSummary> {
  const list = await readChatList(database, userId, chatId);
  const row = list.current[0] ?? list.former[0];
  if (!row) throw await notMemberError(database.db, chatId);
  return presenter(list, userId)(row);
}

function presenter(list: ChatList, viewerId: string): (row: ChatSummaryRow) => ChatSummary {
  const reactions = groupReactions(list.reactions);
  const attachments = new Map([...list.attachments].map(([id, files]) => [id, files.map(presentAttachment)]));
  return (row) =>
    presentChatSummary(
      row,
      list.members.get(row.chat.id) ?? [],
      reactions,
      viewerId,
      list.pins.get(row.chat.id),
      attachments,
    );
}

/** Throws unless the user is a member; the error tells a missing chat from a foreign one. */
export async function assertMember(db: Executor, chatId: string, userId: string) {
  const membership = await findMembership(db, chatId, userId);
  if (!membership) throw await notMemberError(db, chatId);
  return membership;
}

export async function notMemberError(db: Executor, chatId: string): Promise<AppError> {
  return (await chatExists(db, chatId)) ? new AppError("NOT_A_MEMBER") : new AppError("CHAT_NOT_FOUND");
}

/**
 * What of a chat the user may read: everything as a member (`maxSeq` null), up to their
 * departure as a former member (and how they saw it then: departure-view.ts); throws NOT_A_MEMBER / CHAT_NOT_FOUND otherwise.
 */
export async function readableRange(
  db: Executor,
  chatId: string,
  userId: string,
): Promise<{ maxSeq: number | null; departure: Departure | null }> {
  if (await findMembership(db, chatId, userId)) return { maxSeq: null, departure: null };
  const former = await findFormerMembership(db, chatId, userId);
  if (!former) throw await notMemberError(db, chatId);
  const departure = { seq: former.leftAtSeq, changeSeq: former.leftAtChangeSeq, at: former.leftAt };
  return { maxSeq: former.leftAtSeq, departure };
}

function byActivity(a: ChatSummaryRow, b: ChatSummaryRow): number {
  const at = (r: ChatSummaryRow) => (r.left?.at ?? r.chat.lastActivityAt).getTime();
  return at(b) - at(a) || (a.chat.id < b.chat.id ? 1 : -1);
}
