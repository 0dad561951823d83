import { ChatClient, memoryCookieJar } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { insertWithNextSeq } from "../src/modules/messages/messages.repo.js";
import { newClientId, useTestServer } from "./harness.js";

const server = useTestServer();
const TOTAL = 1_000;

describe("SDK timeline (paging for any client: the web app or a bot)", () => {
  it("pages a 1,000-message chat back to seq 1 and forward again, the second way from the cache", async () => {
    const [alice, bob] = [await server.user("tl-alice"), await server.user("tl-bob")];
    const { chat } = await alice.api.createDirectChat(bob.id);
    for (let i = 1; i <= TOTAL; i++) {
      await insertWithNextSeq(server.database.db, {
        chatId: chat.id,
        senderId: alice.id,
        clientId: newClientId(),
        body: `m${i}`,
      });
    }
    let historyRequests = 0;
    const counting: typeof fetch = (input, init) => {
      if (new URL(String(input)).pathname.endsWith("/messages")) historyRequests++;
      return fetch(input, init);
    };
    const reader = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar(), fetch: counting });
    await reader.login({ username: bob.username, password: "correct horse battery" });
    await expect.poll(() => reader.connection, { timeout: 10_000 }).toBe("live");
    try {
      // Opens at the first unread (all unread: the start) with nothing above it. The sign-in's
      // catch-up may already have stored that first page (it stores what it acknowledges as
      // delivered); then the cache shows it from seq 1 too.
      const opening = await reader.timeline.open(chat.id);
      if (opening.cached) expect(opening.cached.messages[0]?.seq).toBe(1);
      const first = await opening.server;
      expect(first.messages[0]?.seq).toBe(1);
      expect(first.hasOlder).toBe(false);

      // Bob reads everything: the chat now opens at the newest page.
      reader.markRead(chat.id, TOTAL);
      await expect.poll(async () => (await reader.cachedChats())[0]?.unreadCount, { timeout: 10_000 }).toBe(0);
      const newest = await (await reader.timeline.open(chat.id)).server;
      expect(newest.messages.at(-1)?.seq).toBe(TOTAL);
      expect(newest).toMatchObject({ hasNewer: false, hasOlder: true });

      // Back to seq 1, page by page, every page continuing the previous one without a hole.
      const seen: number[] = newest.messages.map((m) => m.seq);
      let window = newest;
      while (window.hasOlder) {
        window = await reader.timeline.older(chat.id, seen[0] ?? 1);
        expect(window.messages.at(-1)?.seq).toBe((seen[0] ?? 0) - 1);
        seen.unshift(...window.messages.map((m) => m.seq));
      }
      expect(seen).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));

      // And forward again from seq 1: the cache holds all of it now, so no request goes out.
      const before = historyRequests;
      const forward: number[] = [];
      let next = await reader.timeline.newer(chat.id, 0, { cacheFirst: false });
      forward.push(...next.messages.map((m) => m.seq));
      const afterFirst = historyRequests;
      while (next.hasNewer) {
        next = await reader.timeline.newer(chat.id, forward.at(-1) ?? 0);
        expect(next.source).toBe("cache");
        forward.push(...next.messages.map((m) => m.seq));
      }
      expect(forward).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
      expect(afterFirst - before).toBe(1);
      expect(historyRequests).toBe(afterFirst);

      // A jump lands on the message, from the server, with explicit gaps on both sides.
      const jump = await reader.timeline.around(chat.id, 500);
      expect(jump.messages.some((m) => m.seq === 500)).toBe(true);
      expect(jump).toMatchObject({ hasOlder: true, hasNewer: true });
    } finally {
      reader.stop();
    }
  }, 120_000);
});
