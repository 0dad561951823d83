import type { ChatSummary, Message } from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import type { CacheStore } from "../cache/cache-store.js";
import { keepSettingsOf, mergeChatLists, seenFurther } from "./chat-summaries.js";
import type { SyncCursors } from "./cursors.js";

export type CatchUpResult = {
  chats: ChatSummary[];
  /** Messages stored or modified while we were away, per chat, in change order. */
  changes: Map<string, Message[]>;
  removedChatIds: string[];
};

export type CatchUpOptions = {
  /** Chats announced live while this run was under way: newer than the list it fetched. */
  arrivedDuringRun?: () => ReadonlySet<string>;
  /** Runs the list's read-merge-write as one chat write (the session's queue): no live write lost. */
  chatWrite?: <T>(work: () => Promise<T>) => Promise<T>;
  /** A message I deleted for me, perhaps after the server read this page: never cached again. */
  isHidden?: (messageId: string) => boolean;
  /** Chats without a cursor get one at their head when first listed (bots: `followAllChats`). */
  followAllChats?: boolean;
  /** How many of my settings changes (mute, archive, pin) each chat has had so far. */
  settingsEpochs?: () => ReadonlyMap<string, number>;
};

/** Bounds one catch-up: a client far behind gets the rest on its next connection. */
const MAX_ROUNDS = 50;

/**
 * After any (re)connection: refresh the chat list (pointers, unread counts, membership), then
 * fetch every message change since each cached chat's cursor, page by page, into the cache.
 */
export async function catchUp(
  api: ApiClient,
  cache: CacheStore,
  cursors: SyncCursors,
  options: CatchUpOptions = {},
): Promise<CatchUpResult> {
  const {
    arrivedDuringRun = () => new Set(),
    chatWrite = (work) => work(),
    isHidden = () => false,
    settingsEpochs = () => new Map(),
  }: CatchUpOptions = options;
  const epochsBefore = new Map(settingsEpochs());
  const fromServer = await api.chats();
  // Merged with the cache as it is now, in one chat write: a live event applied between a read
  // of the cache and this write (an edit of the preview, a read on another device) would
  // otherwise be overwritten by the older list.
  const chats = await chatWrite(async () => {
    const cached = await cache.getChats();
    const cachedById = new Map(cached.map((c) => [c.id, c]));
    // A chat the cache has seen further than the list (events arrived live since it was read):
    // merging counters would miss one counted on neither side (found by the state property
    // test). Its summary is asked again, now that the cache is ahead; events wait meanwhile.
    for (const [i, listed] of fromServer.entries()) {
      const local = cachedById.get(listed.id);
      if (!local || !seenFurther(local, listed)) continue;
      const fresh = await api.chat(listed.id).catch(() => null);
      if (fresh && !seenFurther(local, fresh)) fromServer[i] = fresh;
    }
    const arrived = arrivedDuringRun();
    const known = new Set(fromServer.map((c) => c.id));
    // A chat created (or joined) after the list was read must not be dropped as "gone".
    const newer = cached.filter((c) => arrived.has(c.id) && !known.has(c.id));
    // A settings change of mine applied while the list was asked for is newer than the list.
    const epochsNow = settingsEpochs();
    const merged = [...mergeChatLists(fromServer, cached), ...newer].map((chat) =>
      (epochsNow.get(chat.id) ?? 0) === (epochsBefore.get(chat.id) ?? 0)
        ? chat
        : keepSettingsOf(chat, cachedById.get(chat.id)),
    );
    await cache.replaceChats(merged);
    return merged;
  });
  const live = new Set(chats.map((c) => c.id));
  const removedChatIds: string[] = [];
  for (const { chatId } of cursors.entries()) {
    if (!live.has(chatId)) {
      removedChatIds.push(chatId);
      await cursors.forget(chatId);
    }
  }

  if (options.followAllChats) {
    // First sight of a chat: followed from its head on (earlier messages are history, paged on
    // demand); from the next catch-up on, everything after this is fetched.
    for (const chat of chats) if (cursors.get(chat.id) === undefined) await cursors.advance(chat.id, chat.changeSeq);
  }

  const changes = new Map<string, Message[]>();
  const headOf = new Map(chats.map((c) => [c.id, c.changeSeq]));
  let pending = cursors.entries().filter(({ chatId, since }) => (headOf.get(chatId) ?? 0) > since);
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
    const answer = await api.sync({ chats: pending });
    const next: typeof pending = [];
    for (const chat of answer.chats) {
      if (chat.removed) {
        removedChatIds.push(chat.chatId);
        await cursors.forget(chat.chatId);
        continue;
      }
      const kept = chat.changes.filter((m) => !isHidden(m.id));
      if (kept.length > 0) {
        await cache.putMessages(kept);
        changes.set(chat.chatId, [...(changes.get(chat.chatId) ?? []), ...kept]);
      }
      await cursors.advance(chat.chatId, chat.cursor);
      if (chat.hasMore) next.push({ chatId: chat.chatId, since: chat.cursor });
    }
    pending = next;
  }
  return { chats, changes, removedChatIds };
}
