import type { Message, SyncBody } from "@teamchat/protocol";
import { aMessage } from "@teamchat/protocol/testing";
import { describe, expect, it } from "vitest";
import { MemoryCacheStore } from "../cache/memory-store.js";
import { SyncCursors } from "./cursors.js";
import { MAX_GAP_ROUNDS, syncGappedChats } from "./gap-sync.js";

const message = (chatId: string, seq: number): Message =>
  aMessage({
    id: `${chatId}-m-${seq}`,
    chatId,
    seq,
    senderId: null,
    clientId: null,
    body: `#${seq}`,
    createdAt: "2026-01-03T00:00:00.000Z",
  });

/** A server holding `heads[chatId]` changes per chat, answering `page` per chat and request. */
function fakeServer(heads: Record<string, number>, page: number, removed: string[] = []) {
  const asked: SyncBody[] = [];
  const api = {
    sync: async (body: SyncBody) => {
      asked.push(body);
      return {
        chats: body.chats.map(({ chatId, since }) => {
          if (removed.includes(chatId)) return { chatId, removed: true, changes: [], cursor: since, hasMore: false };
          const to = Math.min(heads[chatId] ?? 0, since + page);
          const changes = Array.from({ length: to - since }, (_, i) => message(chatId, since + i + 1));
          return { chatId, removed: false, changes, cursor: to, hasMore: to < (heads[chatId] ?? 0) };
        }),
      };
    },
  };
  return { api, asked };
}

async function setUp(cursorsAt: Record<string, number>) {
  const cache = new MemoryCacheStore();
  const cursors = new SyncCursors(cache);
  for (const [chatId, at] of Object.entries(cursorsAt)) await cursors.advance(chatId, at);
  return { cache, cursors };
}

describe("syncGappedChats", () => {
  it("asks only the gapped chats, from their cursors, and caches what comes back", async () => {
    const { cache, cursors } = await setUp({ a: 3, b: 7, c: 1 });
    const { api, asked } = fakeServer({ a: 5, b: 7, c: 9 }, 100);
    const result = await syncGappedChats(api, cache, cursors, ["a", "a"]);
    expect(asked).toEqual([{ chats: [{ chatId: "a", since: 3 }] }]);
    expect(result.changes.get("a")?.map((m) => m.seq)).toEqual([4, 5]);
    expect(cursors.get("a")).toBe(5);
    expect(cursors.get("c")).toBe(1); // not gapped: untouched
    expect((await cache.getMessages("a", { limit: 10 })).map((m) => m.seq)).toEqual([4, 5]);
    expect(result.unfinished).toEqual([]);
  });

  it("pages a chat until it is complete, and stops after MAX_GAP_ROUNDS pages, naming it unfinished", async () => {
    const { cache, cursors } = await setUp({ near: 0, far: 0 });
    const { api, asked } = fakeServer({ near: 4, far: 100 }, 2);
    const result = await syncGappedChats(api, cache, cursors, ["near", "far"]);
    expect(asked).toHaveLength(MAX_GAP_ROUNDS);
    expect(asked.map((b) => b.chats.map((c) => c.chatId))).toEqual([
      ["near", "far"],
      ["near", "far"],
      ...Array.from({ length: MAX_GAP_ROUNDS - 2 }, () => ["far"]),
    ]);
    expect(cursors.get("near")).toBe(4);
    expect(cursors.get("far")).toBe(2 * MAX_GAP_ROUNDS);
    expect(result.unfinished).toEqual(["far"]);
  });

  it("reports a chat the server says is gone, and skips a chat without a cursor", async () => {
    const { cache, cursors } = await setUp({ gone: 2 });
    const { api, asked } = fakeServer({}, 10, ["gone"]);
    const result = await syncGappedChats(api, cache, cursors, ["gone", "never-opened"]);
    expect(asked).toEqual([{ chats: [{ chatId: "gone", since: 2 }] }]);
    expect(result.removedChatIds).toEqual(["gone"]);
    expect(result.changes.size).toBe(0);
  });
});
