import type { ChatMember, ChatSummary, PinnedMessage } from "@teamchat/protocol";
import type { ChatMemberRow } from "../../db/schema.js";
import type { AttachmentsByMessage } from "../files/attachment.presenter.js";
import { presentMessage, type ReactionsByMessage } from "../messages/message.presenter.js";
import { presentPublicUser } from "../users/user.presenter.js";
import type { ChatSummaryRow, MemberWithUserRow } from "./chats.repo.js";

export function presentMember(m: MemberWithUserRow, hideReadSeq = false): ChatMember {
  return {
    user: presentPublicUser(m.user),
    role: m.role,
    joinedAt: m.joinedAt.toISOString(),
    deliveredSeq: m.deliveredSeq,
    readSeq: m.sharesReadReceipts && !hideReadSeq ? m.readSeq : null,
  };
}

export function presentChatSummary(
  row: ChatSummaryRow,
  members: MemberWithUserRow[],
  reactions: ReactionsByMessage,
  viewerId: string | null = null,
  pins: PinnedMessage[] = [],
  attachments?: AttachmentsByMessage,
): ChatSummary {
  const { chat, left } = row;
  // A viewer who hides read receipts does not see others' in a direct chat (as in WhatsApp).
  const viewer = viewerId ? members.find((m) => m.userId === viewerId) : undefined;
  const hideOthersReads = chat.type === "direct" && viewer !== undefined && !viewer.sharesReadReceipts;
  return {
    id: chat.id,
    type: chat.type,
    name: chat.name,
    description: chat.description,
    avatarUrl: chat.avatarUrl,
    avatarFileId: chat.avatarFileId,
    createdAt: chat.createdAt.toISOString(),
    lastSeq: left?.seq ?? chat.lastSeq,
    changeSeq: left?.changeSeq ?? chat.changeSeq,
    lastActivityAt: (left?.at ?? chat.lastActivityAt).toISOString(),
    lastMessage: row.lastMessage ? presentMessage(row.lastMessage, reactions, undefined, attachments) : null,
    unreadCount: row.unreadCount,
    myRole: row.me.role,
    myReadSeq: row.me.readSeq,
    myDeliveredSeq: row.me.deliveredSeq,
    ...presentMySettings(row.me),
    // A former member still sees the current member list (so old messages keep their senders' names).
    members: members.map((m) => presentMember(m, hideOthersReads && m.userId !== viewerId)),
    onlyAdminsCanPost: chat.onlyAdminsCanPost,
    membersCanAddOthers: chat.membersCanAddOthers,
    leftAtSeq: left?.seq ?? null,
    membersCanPin: chat.membersCanPin,
    // A former member sees only pins of messages they can read.
    pins: left ? pins.filter((p) => p.seq <= left.seq) : pins,
    mentionCount: row.mentionCount,
    disappearingSeconds: presentDisappearing(chat.disappearingSeconds),
  };
}

function presentDisappearing(seconds: number | null): ChatSummary["disappearingSeconds"] {
  return seconds === 86_400 || seconds === 604_800 || seconds === 7_776_000 ? seconds : null;
}

/** A mute that has run out is no mute. */
export function presentMySettings(me: Pick<ChatMemberRow, "mutedUntil" | "archived" | "pinnedAt">) {
  const muted = me.mutedUntil !== null && me.mutedUntil.getTime() > Date.now();
  return {
    mutedUntil: muted && me.mutedUntil ? me.mutedUntil.toISOString() : null,
    archived: me.archived,
    pinned: me.pinnedAt !== null,
  };
}
