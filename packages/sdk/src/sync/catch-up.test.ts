import type { ChatSettings, ChatSummary } from "@teamchat/protocol";
import { aChat } from "@teamchat/protocol/testing";
import { describe, expect, it } from "vitest";
import { MemoryCacheStore } from "../cache/memory-store.js";
import { catchUp } from "./catch-up.js";
import { withSettings } from "./chat-summaries.js";
import { SyncCursors } from "./cursors.js";

/**
 * A server whose chat list answers only when the test says so, as a slow network does: a live
 * event can be applied to the cache while the list is on its way.
 */
function slowServer(list: ChatSummary[]) {
  let answer: () => void = () => {};
  const asked = new Promise<void>((resolve) => {
    answer = resolve;
  });
  let listAsked: () => void = () => {};
  const listRequested = new Promise<void>((resolve) => {
    listAsked = resolve;
  });
  const api = {
    chats: async () => {
      listAsked();
      await asked;
      return list.map((c) => ({ ...c }));
    },
    chat: async (id: string) => ({ ...(list.find((c) => c.id === id) as ChatSummary) }),
    sync: async () => ({ chats: [] }),
  };
  return { api: api as unknown as Parameters<typeof catchUp>[0], answer, listRequested };
}

describe("catchUp", () => {
  it("keeps a settings change of mine that arrived while the list was on its way", async () => {
    const cache = new MemoryCacheStore();
    const before = aChat("c1", { unreadCount: 1 });
    await cache.putChats([before, aChat("c2")]);
    const { api, answer, listRequested } = slowServer([aChat("c1", { unreadCount: 2 }), aChat("c2")]);
    const epochs = new Map<string, number>();

    const run = catchUp(api, cache, new SyncCursors(cache), { settingsEpochs: () => epochs });
    await listRequested;
    // Muted on another device: the live event is applied while the older list is on its way.
    const muted: ChatSettings = { chatId: "c1", mutedUntil: "2099-01-01T00:00:00.000Z", archived: true, pinned: true };
    await cache.putChats([withSettings(before, muted)]);
    epochs.set("c1", 1);
    answer();
    const { chats } = await run;

    const c1 = chats.find((c) => c.id === "c1");
    expect(c1).toMatchObject({ mutedUntil: muted.mutedUntil, archived: true, pinned: true, unreadCount: 2 });
    expect((await cache.getChats()).find((c) => c.id === "c1")).toMatchObject({ archived: true, pinned: true });
    // A chat whose settings did not move takes the list's.
    expect(chats.find((c) => c.id === "c2")).toMatchObject({ mutedUntil: null, archived: false });
  });

  it("takes the list's settings when none of mine changed during the run", async () => {
    const cache = new MemoryCacheStore();
    await cache.putChats([aChat("c1", { pinned: true })]);
    const { api, answer } = slowServer([aChat("c1", { pinned: false })]);
    const run = catchUp(api, cache, new SyncCursors(cache), { settingsEpochs: () => new Map([["c1", 3]]) });
    answer();
    expect((await run).chats[0]?.pinned).toBe(false);
  });
});
