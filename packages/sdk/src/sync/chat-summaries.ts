import type { ChatSettings, ChatSummary, Message, ServerEvent, ServerPayload } from "@teamchat/protocol";
import type { CacheStore } from "../cache/cache-store.js";

/**
 * Keeps the cached chat list current between catch-ups, so that a reload without network
 * shows the right previews, order and unread counts (the catch-up then replaces it anyway).
 */
export async function applyMessageToCachedChat(cache: CacheStore, message: Message, myId: string | undefined) {
  const chat = await cache.getChat(message.chatId);
  if (!chat) return;
  const isNewest = message.seq > chat.lastSeq;
  // An edit, delete or reaction of the message shown as the preview replaces it.
  const updatesPreview = chat.lastMessage?.id === message.id && chat.lastMessage.changeSeq < message.changeSeq;
  const unseen = isNewest && message.senderId !== myId && message.seq > chat.myReadSeq;
  const mentionsMe = unseen && myId !== undefined && (message.mentions ?? []).includes(myId);
  await cache.putChats([
    {
      ...chat,
      changeSeq: Math.max(chat.changeSeq, message.changeSeq),
      ...(updatesPreview && { lastMessage: message }),
      ...(isNewest && {
        lastSeq: message.seq,
        lastMessage: message,
        lastActivityAt: laterIso(message.createdAt, chat.lastActivityAt),
      }),
      unreadCount: chat.unreadCount + (unseen ? 1 : 0),
      mentionCount: (chat.mentionCount ?? 0) + (mentionsMe ? 1 : 0),
    },
  ]);
}

export async function applyReadStateToCachedChat(
  cache: CacheStore,
  state: ServerPayload<typeof ServerEvent.chatReadState>,
): Promise<void> {
  const chat = await cache.getChat(state.chatId);
  if (!chat || state.readSeq < chat.myReadSeq) return;
  await cache.putChats([
    {
      ...chat,
      myReadSeq: state.readSeq,
      unreadCount: state.unreadCount,
      mentionCount: state.mentionCount ?? chat.mentionCount ?? 0,
    },
  ]);
}

/** UTC ISO timestamps compare correctly as strings. */
function laterIso(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * The server's list was read a moment ago; messages that arrived live since then may already
 * be newer in the cache. Keep whichever side has seen more of each chat.
 */
export function mergeChatLists(fromServer: ChatSummary[], cached: ChatSummary[]): ChatSummary[] {
  const byId = new Map(cached.map((c) => [c.id, c]));
  return fromServer.map((chat) => {
    const local = byId.get(chat.id);
    if (!local || local.lastSeq <= chat.lastSeq) return chat;
    return {
      ...chat,
      lastSeq: local.lastSeq,
      lastMessage: local.lastMessage,
      lastActivityAt: laterIso(local.lastActivityAt, chat.lastActivityAt),
      changeSeq: Math.max(local.changeSeq, chat.changeSeq),
    };
  });
}

export async function applySettingsToCachedChat(cache: CacheStore, settings: ChatSettings): Promise<void> {
  const chat = await cache.getChat(settings.chatId);
  if (!chat) return;
  await cache.putChats([
    { ...chat, mutedUntil: settings.mutedUntil, archived: settings.archived, pinned: settings.pinned },
  ]);
}

/**
 * A group's shared state changed (chat:updated, or my own admin action's answer): take the group
 * fields and my role from it, keep my own counters and whatever newer message the cache holds.
 */
export function mergeGroupUpdate(cached: ChatSummary | undefined, update: ChatSummary): ChatSummary {
  if (!cached) return update;
  const newer = update.lastSeq > cached.lastSeq;
  return {
    ...cached,
    name: update.name,
    description: update.description,
    avatarUrl: update.avatarUrl,
    avatarFileId: update.avatarFileId ?? null,
    members: update.members,
    myRole: update.myRole,
    onlyAdminsCanPost: update.onlyAdminsCanPost,
    membersCanAddOthers: update.membersCanAddOthers,
    disappearingSeconds: update.disappearingSeconds ?? null,
    leftAtSeq: update.leftAtSeq,
    ...(update.membersCanPin !== undefined && { membersCanPin: update.membersCanPin }),
    ...(update.pins !== undefined && { pins: update.pins }),
    changeSeq: Math.max(cached.changeSeq, update.changeSeq),
    ...(newer && { lastSeq: update.lastSeq, lastMessage: update.lastMessage, lastActivityAt: update.lastActivityAt }),
  };
}
