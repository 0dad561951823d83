import type { ChatSummary, Message } from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import type { CacheStore } from "../cache/cache-store.js";
import { mergeChatLists } from "./chat-summaries.js";
import type { SyncCursors } from "./cursors.js";

export type CatchUpResult = {
  chats: ChatSummary[];
  /** Messages stored or modified while we were away, per chat, in change order. */
  changes: Map<string, Message[]>;
  removedChatIds: string[];
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
  /** Chats announced live while this run was under way: newer than the list it fetched. */
  arrivedDuringRun: () => ReadonlySet<string> = () => new Set(),
): Promise<CatchUpResult> {
  const fromServer = await api.chats();
  const cached = await cache.getChats();
  const arrived = arrivedDuringRun();
  const known = new Set(fromServer.map((c) => c.id));
  // A chat created (or joined) after the list was read must not be dropped as "gone".
  const newer = cached.filter((c) => arrived.has(c.id) && !known.has(c.id));
  const chats = [...mergeChatLists(fromServer, cached), ...newer];
  await cache.replaceChats(chats);
  const live = new Set(chats.map((c) => c.id));
  const removedChatIds: string[] = [];
  for (const { chatId } of cursors.entries()) {
    if (!live.has(chatId)) {
      removedChatIds.push(chatId);
      await cursors.forget(chatId);
    }
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
      if (chat.changes.length > 0) {
        await cache.putMessages(chat.changes);
        changes.set(chat.chatId, [...(changes.get(chat.chatId) ?? []), ...chat.changes]);
      }
      await cursors.advance(chat.chatId, chat.cursor);
      if (chat.hasMore) next.push({ chatId: chat.chatId, since: chat.cursor });
    }
    pending = next;
  }
  return { chats, changes, removedChatIds };
}
