import { LIMITS, type Message } from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import type { CacheStore } from "../cache/cache-store.js";
import type { SyncCursors } from "./cursors.js";

/** Pages per chat in one gap sync: a chat still behind after them is synced again by the next run. */
export const MAX_GAP_ROUNDS = 5;

export type GapSyncResult = {
  /** Changes fetched (and cached) per chat, in change order. */
  changes: Map<string, Message[]>;
  /** The server says I may no longer read these chats. */
  removedChatIds: string[];
  /** Chats with more changes than MAX_GAP_ROUNDS pages: to sync again. */
  unfinished: string[];
};

/**
 * A seq gap in a few chats while connected (a lost broadcast, a `chat:head` ahead of the cache):
 * only those chats' changes after their cursors, page by page (bounded), into the cache. The
 * chat list is not read: that is the reconnection catch-up's job (catch-up.ts), and reading it
 * for every gap is what made recovery from a Redis outage take tens of seconds.
 */
export async function syncGappedChats(
  api: Pick<ApiClient, "sync">,
  cache: Pick<CacheStore, "putMessages">,
  cursors: SyncCursors,
  chatIds: string[],
): Promise<GapSyncResult> {
  const changes = new Map<string, Message[]>();
  const removedChatIds: string[] = [];
  const unfinished: string[] = [];
  const cursorsOf = (ids: string[]) =>
    ids.flatMap((chatId) => {
      const since = cursors.get(chatId);
      return since === undefined ? [] : [{ chatId, since }];
    });
  let pending = cursorsOf([...new Set(chatIds)]);
  for (let round = 0; pending.length > 0; round++) {
    const next: string[] = [];
    for (let i = 0; i < pending.length; i += LIMITS.syncChatsMax) {
      const answer = await api.sync({ chats: pending.slice(i, i + LIMITS.syncChatsMax) });
      for (const chat of answer.chats) {
        if (chat.removed) {
          removedChatIds.push(chat.chatId);
          continue;
        }
        if (chat.changes.length > 0) {
          await cache.putMessages(chat.changes);
          changes.set(chat.chatId, [...(changes.get(chat.chatId) ?? []), ...chat.changes]);
        }
        await cursors.advance(chat.chatId, chat.cursor);
        if (chat.hasMore) next.push(chat.chatId);
      }
    }
    if (round + 1 >= MAX_GAP_ROUNDS) {
      unfinished.push(...next);
      break;
    }
    pending = cursorsOf(next);
  }
  return { changes, removedChatIds, unfinished };
}
