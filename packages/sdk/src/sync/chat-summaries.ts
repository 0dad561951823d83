import type {
  ChatSettings,
  ChatSummary,
  Message,
  PinnedMessage,
  PublicUser,
  ServerEvent,
  ServerPayload,
} from "@teamchat/protocol";

/**
 * The one set of rules that turns server events, acks and REST results into a chat summary.
 * Pure: the session reads the cached chat, applies one of these, stores and emits the result;
 * the UI only mirrors what it is given.
 */

/**
 * A stored message (live, ack, echo or sync) arrived: the newest becomes the preview and may be
 * unread. `previous`: the cached copy it replaces, if any; an unread mention of me that was
 * deleted (or edited away) stops counting, as on the server.
 */
export function withMessage(
  chat: ChatSummary,
  message: Message,
  myId: string | undefined,
  previous?: Message,
): ChatSummary {
  const isNewest = message.seq > chat.lastSeq;
  // An edit, delete or reaction of the message shown as the preview replaces it.
  const updatesPreview = chat.lastMessage?.id === message.id && chat.lastMessage.changeSeq < message.changeSeq;
  const unseen = isNewest && message.senderId !== myId && message.seq > chat.myReadSeq;
  const mentions = (m: Message) =>
    myId !== undefined && m.senderId !== myId && m.deletedAt === null && m.mentions.includes(myId);
  const changesUnreadMention =
    !isNewest && previous !== undefined && previous.changeSeq < message.changeSeq && message.seq > chat.myReadSeq;
  const mentionDelta = unseen
    ? Number(mentions(message))
    : changesUnreadMention
      ? Number(mentions(message)) - Number(mentions(previous))
      : 0;
  return {
    ...chat,
    changeSeq: Math.max(chat.changeSeq, message.changeSeq),
    ...(updatesPreview && { lastMessage: message }),
    ...(isNewest && {
      lastSeq: message.seq,
      lastMessage: message,
      lastActivityAt: laterIso(message.createdAt, chat.lastActivityAt),
    }),
    unreadCount: chat.unreadCount + (unseen ? 1 : 0),
    mentionCount: Math.max(0, chat.mentionCount + mentionDelta),
  };
}

/** My read pointer moved (on any device): the server's counts win. */
export function withReadState(chat: ChatSummary, state: ServerPayload<typeof ServerEvent.chatReadState>): ChatSummary {
  if (state.readSeq < chat.myReadSeq) return chat;
  return { ...chat, myReadSeq: state.readSeq, unreadCount: state.unreadCount, mentionCount: state.mentionCount };
}

export function withSettings(chat: ChatSummary, settings: ChatSettings): ChatSummary {
  return { ...chat, mutedUntil: settings.mutedUntil, archived: settings.archived, pinned: settings.pinned };
}

/**
 * A summary asked for before my settings changed (mute, archive, pin on another device) must not
 * undo the change that arrived meanwhile: the cached settings win then.
 */
export function keepSettingsOf(summary: ChatSummary, cached: ChatSummary | undefined): ChatSummary {
  if (!cached) return summary;
  return { ...summary, mutedUntil: cached.mutedUntil, archived: cached.archived, pinned: cached.pinned };
}

export function withPins(chat: ChatSummary, pins: PinnedMessage[]): ChatSummary {
  return { ...chat, pins };
}

/**
 * Someone's profile changed (`user:updated`): their member entry shows it. The same chat when
 * they are no member of it or already show that profile (nothing to store or emit).
 */
export function withUser(chat: ChatSummary, user: PublicUser): ChatSummary {
  if (!chat.members.some((m) => m.user.id === user.id && !sameProfile(m.user, user))) return chat;
  return {
    ...chat,
    members: chat.members.map((m) => (m.user.id === user.id ? { ...m, user: { ...m.user, ...user } } : m)),
  };
}

/** The chats in which `user` shows with other profile data than `user`, updated. */
export function chatsWithUser(chats: ChatSummary[], user: PublicUser): ChatSummary[] {
  return chats.map((chat) => withUser(chat, user)).filter((next, i) => next !== chats[i]);
}

export function sameProfile(a: PublicUser, b: PublicUser): boolean {
  return (
    a.displayName === b.displayName &&
    a.statusMessage === b.statusMessage &&
    a.avatarUrl === b.avatarUrl &&
    a.avatarFileId === b.avatarFileId &&
    a.username === b.username
  );
}

/** I deleted the preview for myself: until the server names the previous visible one, none. */
export function withoutPreview(chat: ChatSummary, messageId: string): ChatSummary {
  return chat.lastMessage?.id === messageId ? { ...chat, lastMessage: null } : chat;
}

/** A member's delivered (or read, which implies delivered) pointer moved forward. */
export function withMemberPointer(
  chat: ChatSummary,
  pointer: { userId: string; upToSeq: number },
  kind: "delivered" | "read",
): ChatSummary {
  let moved = false;
  const members = chat.members.map((m) => {
    if (m.user.id !== pointer.userId) return m;
    const deliveredSeq = Math.max(m.deliveredSeq, pointer.upToSeq);
    const readSeq = kind === "read" ? Math.max(m.readSeq ?? 0, pointer.upToSeq) : m.readSeq;
    if (deliveredSeq === m.deliveredSeq && readSeq === m.readSeq) return m;
    moved = true;
    return { ...m, deliveredSeq, readSeq };
  });
  return moved ? { ...chat, members } : chat;
}

/**
 * The server's list was read a moment ago; messages that arrived live since then may already
 * be newer in the cache. Keep whichever side has seen more of each chat (its preview, and the
 * unread it counted that the list could not know of yet).
 */
export function mergeChatLists(fromServer: ChatSummary[], cached: ChatSummary[]): ChatSummary[] {
  const byId = new Map(cached.map((c) => [c.id, c]));
  return fromServer.map((chat) => {
    const local = byId.get(chat.id);
    if (!local) return chat;
    if (local.lastSeq <= chat.lastSeq) return withNewerPreview(chat, local);
    return {
      ...chat,
      lastSeq: local.lastSeq,
      lastMessage: local.lastMessage,
      lastActivityAt: laterIso(local.lastActivityAt, chat.lastActivityAt),
      changeSeq: Math.max(local.changeSeq, chat.changeSeq),
      unreadCount: Math.max(local.unreadCount, chat.unreadCount),
      mentionCount: Math.max(local.mentionCount ?? 0, chat.mentionCount ?? 0),
    };
  });
}

/**
 * The cache has seen something of this chat that the server's summary has not (a newer message,
 * a change, my read): that summary was read before, and its counters are older than the cache's.
 */
export function seenFurther(cached: ChatSummary, summary: ChatSummary): boolean {
  return (
    cached.lastSeq > summary.lastSeq || cached.changeSeq > summary.changeSeq || cached.myReadSeq > summary.myReadSeq
  );
}

/** The same preview changed live (edit, delete, reaction) after the list was read: keep that copy. */
function withNewerPreview(chat: ChatSummary, local: ChatSummary): ChatSummary {
  const seen = local.lastMessage;
  if (!seen || chat.lastMessage?.id !== seen.id || seen.changeSeq <= chat.lastMessage.changeSeq) return chat;
  return { ...chat, lastMessage: seen, changeSeq: Math.max(chat.changeSeq, local.changeSeq) };
}

/**
 * A group's shared state changed (chat:updated, or my own admin action's answer): take the group
 * fields and my role from it, keep my own counters, preview and last seq. The system message that
 * records the change arrives as a message and moves those (taking them here first would make that
 * message look already seen, and its unread would be lost).
 */
export function mergeGroupUpdate(cached: ChatSummary | undefined, update: ChatSummary): ChatSummary {
  if (!cached) return update;
  return {
    ...cached,
    name: update.name,
    description: update.description,
    avatarUrl: update.avatarUrl,
    avatarFileId: update.avatarFileId,
    members: update.members,
    myRole: update.myRole,
    onlyAdminsCanPost: update.onlyAdminsCanPost,
    membersCanAddOthers: update.membersCanAddOthers,
    disappearingSeconds: update.disappearingSeconds,
    leftAtSeq: update.leftAtSeq,
    membersCanPin: update.membersCanPin,
    pins: update.pins,
  };
}

/** UTC ISO timestamps compare correctly as strings. */
function laterIso(a: string, b: string): string {
  return a > b ? a : b;
}
