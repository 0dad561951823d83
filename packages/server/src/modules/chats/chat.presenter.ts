import type { ChatMember, ChatSummary } from "@teamchat/protocol";
import { presentMessage, type ReactionsByMessage } from "../messages/message.presenter.js";
import { presentPublicUser } from "../users/user.presenter.js";
import type { ChatSummaryRow, MemberWithUserRow } from "./chats.repo.js";

export function presentMember(m: MemberWithUserRow): ChatMember {
  return {
    user: presentPublicUser(m.user),
    role: m.role,
    joinedAt: m.joinedAt.toISOString(),
    deliveredSeq: m.deliveredSeq,
    readSeq: m.sharesReadReceipts ? m.readSeq : null,
  };
}

export function presentChatSummary(
  row: ChatSummaryRow,
  members: MemberWithUserRow[],
  reactions: ReactionsByMessage,
): ChatSummary {
  const { chat, left } = row;
  return {
    id: chat.id,
    type: chat.type,
    name: chat.name,
    description: chat.description,
    avatarUrl: chat.avatarUrl,
    createdAt: chat.createdAt.toISOString(),
    lastSeq: left?.seq ?? chat.lastSeq,
    changeSeq: left?.changeSeq ?? chat.changeSeq,
    lastActivityAt: (left?.at ?? chat.lastActivityAt).toISOString(),
    lastMessage: row.lastMessage ? presentMessage(row.lastMessage, reactions) : null,
    unreadCount: row.unreadCount,
    myRole: row.me.role,
    myReadSeq: row.me.readSeq,
    myDeliveredSeq: row.me.deliveredSeq,
    // A former member still sees the current member list (so old messages keep their senders' names).
    members: members.map(presentMember),
    onlyAdminsCanPost: chat.onlyAdminsCanPost,
    membersCanAddOthers: chat.membersCanAddOthers,
    leftAtSeq: left?.seq ?? null,
  };
}
