import type { ChatMember, ChatSummary, Message, PublicUser } from "./entities.js";

/**
 * Test and bench builders (`@teamchat/protocol/testing`; not in the packed package). A test names
 * what it is about; the rest of a wire object comes from here, so a field added to the wire shape
 * is added once, not in every test's own copy.
 */

type MessageCore = Pick<Message, "id" | "chatId" | "seq" | "senderId" | "clientId" | "body" | "createdAt">;

/**
 * A text message nobody edited, deleted, reacted to, pinned, quoted, forwarded or attached files
 * to; its change is its creation (`changeSeq` = `seq`) unless `core` says otherwise.
 */
export function aMessage(core: MessageCore & Partial<Message>): Message {
  return {
    kind: "text",
    changeSeq: core.seq,
    editedAt: null,
    deletedAt: null,
    reactions: [],
    replyTo: null,
    pinnedAt: null,
    mentions: [],
    forwarded: false,
    expiresAt: null,
    attachments: [],
    undelivered: false,
    playedBy: [],
    ...core,
  };
}

/** A person with no photo and no status; the username is the display name in lower case. */
export function aUser(id: string, displayName = id.slice(0, 3)): PublicUser {
  return {
    id,
    username: displayName.toLowerCase(),
    displayName,
    avatarUrl: null,
    statusMessage: null,
    avatarFileId: null,
  };
}

/** A plain member of a chat since the start of 2026, with read and delivered pointers at 0. */
export function aMember(user: PublicUser, extra: Partial<ChatMember> = {}): ChatMember {
  return { user, role: "member", joinedAt: "2026-01-01T00:00:00.000Z", deliveredSeq: 0, readSeq: 0, ...extra };
}

/**
 * An empty direct chat nobody has muted, archived, pinned or written in, created at the start of
 * 2026; `extra` says what the test is about (type, members, counts, preview).
 */
export function aChat(id: string, extra: Partial<ChatSummary> = {}): ChatSummary {
  return {
    id,
    type: "direct",
    name: null,
    description: null,
    avatarUrl: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    lastSeq: 0,
    changeSeq: 0,
    lastActivityAt: "2026-01-01T00:00:00.000Z",
    lastMessage: null,
    unreadCount: 0,
    mentionCount: 0,
    myRole: "member",
    myReadSeq: 0,
    myDeliveredSeq: 0,
    mutedUntil: null,
    archived: false,
    pinned: false,
    onlyAdminsCanPost: false,
    membersCanAddOthers: false,
    leftAtSeq: null,
    members: [],
    avatarFileId: null,
    membersCanPin: false,
    pins: [],
    disappearingSeconds: null,
    ...extra,
  };
}
