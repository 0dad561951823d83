import type { ChatSummary } from "@teamchat/protocol";
import type { Executor } from "../../db/database.js";
import { AppError } from "../../errors.js";
import { loadReactions } from "../messages/message.presenter.js";
import { presentChatSummary } from "./chat.presenter.js";
import {
  type ChatSummaryRow,
  chatExists,
  findMembership,
  listChatSummaries,
  listMembers,
  type MemberWithUserRow,
} from "./chats.repo.js";

export async function getChatSummaries(db: Executor, userId: string): Promise<ChatSummary[]> {
  const rows = await listChatSummaries(db, userId);
  const membersByChat = groupByChat(
    await listMembers(
      db,
      rows.map((r) => r.chat.id),
    ),
  );
  const reactions = await loadReactions(db, lastMessageIds(rows));
  return rows.map((r) => presentChatSummary(r, membersByChat.get(r.chat.id) ?? [], reactions, userId));
}

export async function getChatSummary(db: Executor, userId: string, chatId: string): Promise<ChatSummary> {
  const [row] = await listChatSummaries(db, userId, chatId);
  if (!row) throw await notMemberError(db, chatId);
  return presentChatSummary(
    row,
    await listMembers(db, [chatId]),
    await loadReactions(db, lastMessageIds([row])),
    userId,
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
