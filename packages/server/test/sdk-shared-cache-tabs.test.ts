import type { ChatSummary } from "@teamchat/protocol";
import { ChatClient, MemoryCacheStore, memoryCookieJar } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { useTestServer } from "./harness.js";

const server = useTestServer();
const PASSWORD = "correct horse battery";

async function device(username: string, cache = new MemoryCacheStore()) {
  const client = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar(), openCache: () => cache });
  await client.login({ username, password: PASSWORD });
  await expect.poll(() => client.connection, { timeout: 10_000 }).toBe("live");
  return client;
}

/** What a tab's list shows of each chat: the last chat its session told it (the web store mirrors it). */
function shownChats(client: ChatClient): Map<string, ChatSummary> {
  const shown = new Map<string, ChatSummary>();
  client.on("chatsSynced", (chats) => {
    for (const c of chats) shown.set(c.id, c);
  });
  client.on("chat", (c) => shown.set(c.id, c));
  return shown;
}

describe("two tabs of one user on one cache (browser tabs share the IndexedDB cache)", () => {
  it("both tabs show the other person's delivered and read ticks, whichever tab wrote them to the cache first", async () => {
    const [alice, bob] = [await server.user("tabs-alice"), await server.user("tabs-bob")];
    const { chat } = await alice.api.createDirectChat(bob.id);
    const shared = new MemoryCacheStore();
    const first = await device(alice.username, shared);
    const second = await device(alice.username, shared);
    const shownFirst = shownChats(first);
    const shownSecond = shownChats(second);
    const reader = await device(bob.username);
    try {
      await first.sendMessage(chat.id, "are you there?");
      const bobIn = (shown: Map<string, ChatSummary>) =>
        shown.get(chat.id)?.members.find((m) => m.user.id === bob.id) ?? null;
      // Bob's device received it (delivered), then he reads it.
      await expect.poll(() => bobIn(shownFirst)?.deliveredSeq, { timeout: 10_000 }).toBe(1);
      await expect.poll(() => bobIn(shownSecond)?.deliveredSeq, { timeout: 10_000 }).toBe(1);
      reader.markRead(chat.id, 1);
      await expect.poll(() => bobIn(shownFirst)?.readSeq, { timeout: 10_000 }).toBe(1);
      await expect.poll(() => bobIn(shownSecond)?.readSeq, { timeout: 10_000 }).toBe(1);
    } finally {
      for (const c of [first, second, reader]) c.stop();
    }
  });
});
