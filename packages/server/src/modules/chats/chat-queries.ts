import type { ChatSummary } from "@teamchat/protocol";
import type { Database, Executor } from "../../db/database.js";
import { AppError } from "../../errors.js";
import { presentAttachment } from "../files/attachment.presenter.js";
import type { Departure } from "../messages/departure-view.js";
import { groupReactions } from "../messages/message.presenter.js";
import { summaryFor } from "../users/withheld-profile.js";
import { presentChatSummary } from "./chat.presenter.js";
import { type ChatList, readChatList, readChatViews, type ViewedChatRow } from "./chat-list.repo.js";
import { type ChatSummaryRow, chatExists, findFormerMembership, findMembership } from "./chats.repo.js";

/** My chats, groups I left included (read-only), newest activity first. */
export async function getChatSummaries(database: Database, userId: string): Promise<ChatSummary[]> {
  // One statement (chat-list.repo.ts): the chat list is what every client asks for first.
  const list = await readChatList(database, userId);
  const rows = list.former.length > 0 ? [...list.current, ...list.former].sort(byActivity) : list.current;
  const present = presenter(list);
  const blockers = list.blockers.get(userId) ?? NOBODY;
  return rows.map((r) => summaryFor(present(r), blockers));
}

/** One chat as `userId` sees it (profiles of members who blocked them withheld). */
export async function getChatSummary(database: Database, userId: string, chatId: string): Promise<ChatSummary> {
  const chat = (await getChatViews(database, [{ userId, chatId }])).get(chatViewKey(userId, chatId));
  if (!chat) throw await notMemberError(database.db, chatId);
  return chat;
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
  const chat = (await getChatViews(database, [{ userId, chatId }], { withheld: false })).get(
    chatViewKey(userId, chatId),
  );
  if (!chat) throw await notMemberError(database.db, chatId);
  return chat;
}

export type ChatViewWanted = { userId: string; chatId: string };

export function chatViewKey(userId: string, chatId: string): string {
  return `${userId}:${chatId}`;
}

/**
 * Several chats, each as its viewer sees it (their unread count, settings, and the profiles of
 * members who blocked them withheld unless `withheld: false`), in one statement; keyed by
 * `chatViewKey`. A pair whose viewer is not and never was a member is missing from the answer.
 */
export async function getChatViews(
  database: Database,
  wanted: readonly ChatViewWanted[],
  { withheld = true } = {},
): Promise<Map<string, ChatSummary>> {
  const list = await readChatViews(database, wanted);
  const present = presenter(list);
  const views = new Map<string, ChatSummary>();
  // A member who left and rejoined has both rows: the current one wins.
  for (const row of [...list.former, ...list.current]) {
    const view = present(row);
    views.set(
      chatViewKey(row.viewerId, row.chat.id),
      withheld ? summaryFor(view, list.blockers.get(row.viewerId) ?? NOBODY) : view,
    );
  }
  return views;
}

const NOBODY: ReadonlySet<string> = new Set();

function presenter(list: ChatList): (row: ViewedChatRow) => ChatSummary {
  const reactions = groupReactions(list.reactions);
  const attachments = new Map([...list.attachments].map(([id, files]) => [id, files.map(presentAttachment)]));
  return (row) =>
    presentChatSummary(
      row,
      list.members.get(row.chat.id) ?? [],
      reactions,
      row.viewerId,
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
