import type { ChatSummary } from "@teamchat/protocol";
import type { Executor } from "../../db/database.js";
import { AppError } from "../../errors.js";
import { loadAttachments } from "../files/files.repo.js";
import { loadReactions } from "../messages/message.presenter.js";
import { pinsOfChats } from "../pins/pins.repo.js";
import { presentChatSummary } from "./chat.presenter.js";
import {
  type ChatSummaryRow,
  chatExists,
  findFormerMembership,
  findMembership,
  listChatSummaries,
  listFormerChatSummaries,
  listMembers,
  type MemberWithUserRow,
} from "./chats.repo.js";

/** My chats, groups I left included (read-only), newest activity first. */
export async function getChatSummaries(db: Executor, userId: string): Promise<ChatSummary[]> {
  // Two rounds of independent queries (on PostgreSQL each goes to its own pooled connection),
  // not six round trips one after another: the chat list is what every client asks for first.
  const [current, former] = await Promise.all([listChatSummaries(db, userId), listFormerChatSummaries(db, userId)]);
  const rows = [...current, ...former];
  if (former.length > 0) rows.sort(byActivity);
  const chatIds = rows.map((r) => r.chat.id);
  const lastIds = lastMessageIds(rows);
  const [members, reactions, pins, attachments] = await Promise.all([
    listMembers(db, chatIds),
    loadReactions(db, lastIds),
    pinsOfChats(db, chatIds),
    loadAttachments(db, lastIds),
  ]);
  const membersByChat = groupByChat(members);
  return rows.map((r) =>
    presentChatSummary(r, membersByChat.get(r.chat.id) ?? [], reactions, userId, pins.get(r.chat.id), attachments),
  );
}

export async function getChatSummary(db: Executor, userId: string, chatId: string): Promise<ChatSummary> {
  const [current, former] = await Promise.all([
    listChatSummaries(db, userId, chatId),
    listFormerChatSummaries(db, userId, chatId),
  ]);
  const [row] = [...current, ...former];
  if (!row) throw await notMemberError(db, chatId);
  const lastIds = lastMessageIds([row]);
  const [members, reactions, pins, attachments] = await Promise.all([
    listMembers(db, [chatId]),
    loadReactions(db, lastIds),
    pinsOfChats(db, [chatId]),
    loadAttachments(db, lastIds),
  ]);
  return presentChatSummary(row, members, reactions, userId, pins.get(chatId), attachments);
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
 * departure as a former member; throws NOT_A_MEMBER / CHAT_NOT_FOUND otherwise.
 */
export async function readableRange(
  db: Executor,
  chatId: string,
  userId: string,
): Promise<{ maxSeq: number | null; maxChangeSeq: number | null }> {
  if (await findMembership(db, chatId, userId)) return { maxSeq: null, maxChangeSeq: null };
  const former = await findFormerMembership(db, chatId, userId);
  if (!former) throw await notMemberError(db, chatId);
  return { maxSeq: former.leftAtSeq, maxChangeSeq: former.leftAtChangeSeq };
}

function byActivity(a: ChatSummaryRow, b: ChatSummaryRow): number {
  const at = (r: ChatSummaryRow) => (r.left?.at ?? r.chat.lastActivityAt).getTime();
  return at(b) - at(a) || (a.chat.id < b.chat.id ? 1 : -1);
}

function lastMessageIds(rows: ChatSummaryRow[]): string[] {
  return rows.flatMap((r) => (r.lastMessage ? [r.lastMessage.id] : []));
}

function groupByChat(members: MemberWithUserRow[]): Map<string, MemberWithUserRow[]> {
  const map = new Map<string, MemberWithUserRow[]>();
  for (const m of members) {
    const list = map.get(m.chatId);
    if (list) list.push(m);
    else map.set(m.chatId, [m]);
  }
  return map;
}
