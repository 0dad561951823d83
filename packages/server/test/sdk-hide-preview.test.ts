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

const previewOf = async (client: ChatClient, chatId: string) =>
  (await client.cachedChats()).find((c) => c.id === chatId)?.lastMessage?.body ?? null;

describe("delete for me of the last message (SDK and server list)", () => {
  it("the preview becomes the previous visible message here, after a reload, and on my other device", async () => {
    const [alice, bob] = [await server.user("prev-alice"), await server.user("prev-bob")];
    const { chat } = await bob.api.createDirectChat(alice.id);
    const here = await device(alice.username);
    const otherCache = new MemoryCacheStore();
    const other = await device(alice.username, otherCache);
    const sender = await device(bob.username);
    try {
      await sender.sendMessage(chat.id, "first");
      await sender.sendMessage(chat.id, "second");
      await sender.sendMessage(chat.id, "third");
      await expect.poll(() => previewOf(here, chat.id), { timeout: 10_000 }).toBe("third");
      await expect.poll(() => previewOf(other, chat.id), { timeout: 10_000 }).toBe("third");
      const page = await here.loadHistory(chat.id, {});
      const byBody = (body: string) => {
        const found = page.messages.find((m) => m.body === body);
        if (!found) throw new Error(`no message ${body}`);
        return found;
      };

      const updated: (string | null)[] = [];
      here.on("chat", (c) => updated.push(c.lastMessage?.body ?? null));
      await here.hideMessage(chat.id, byBody("third").id);
      expect(await previewOf(here, chat.id)).toBe("second");
      expect(updated.at(-1)).toBe("second");
      // My other device, live.
      await expect.poll(() => previewOf(other, chat.id), { timeout: 10_000 }).toBe("second");
      // The server's list (what a reload or a new device reads).
      expect((await alice.api.chats()).find((c) => c.id === chat.id)?.lastMessage?.body).toBe("second");

      // Two in a row: the walk back skips every message I hid.
      await here.hideMessage(chat.id, byBody("second").id);
      expect(await previewOf(here, chat.id)).toBe("first");
      await expect.poll(() => previewOf(other, chat.id), { timeout: 10_000 }).toBe("first");

      // My other device was offline while I hid the rest: its next catch-up shows no stale preview.
      other.stop();
      await here.hideMessage(chat.id, byBody("first").id);
      expect(await previewOf(here, chat.id)).toBeNull();
      await other.login({ username: alice.username, password: PASSWORD });
      await expect.poll(() => other.connection, { timeout: 10_000 }).toBe("live");
      expect(await previewOf(other, chat.id)).toBeNull();

      // A new message after that is the preview again; Bob's list never changed.
      await sender.sendMessage(chat.id, "fourth");
      await expect.poll(() => previewOf(here, chat.id), { timeout: 10_000 }).toBe("fourth");
      expect((await bob.api.chats()).find((c) => c.id === chat.id)?.lastMessage?.body).toBe("fourth");
    } finally {
      for (const c of [here, other, sender]) c.stop();
    }
  });

  it("two tabs on one cache: the tab that did not hide shows the previous message too, after the other tab fixed the cache first", async () => {
    const [alice, bob] = [await server.user("prev-tabs"), await server.user("prev-tabs-bob")];
    const { chat } = await bob.api.createDirectChat(alice.id);
    // Browser tabs of one user share one IndexedDB cache; each has its own session and list.
    const shared = new MemoryCacheStore();
    let gate: Promise<void> | null = null;
    // The second tab reads chats only once the gate opens: its echo of the hide is then handled
    // after the first tab's, the order in which a browser found its preview stale.
    const secondTabCache = new Proxy(shared, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== "function") return value;
        if (prop !== "getChat") return value.bind(target);
        return async (...args: unknown[]) => {
          if (gate) await gate;
          return value.apply(target, args);
        };
      },
    });
    const here = await device(alice.username, shared);
    const secondTab = await device(alice.username, secondTabCache);
    try {
      // My own messages, as in the browser test: hiding someone else's unread message also sends
      // my read state to every tab, which would refresh the second tab's list by chance.
      await here.sendMessage(chat.id, "keep this");
      await here.sendMessage(chat.id, "oops");
      await expect.poll(() => previewOf(here, chat.id), { timeout: 10_000 }).toBe("oops");
      const shown: (string | null)[] = [];
      secondTab.on("chat", (c) => {
        if (c.id === chat.id) shown.push(c.lastMessage?.body ?? null);
      });
      const oops = (await here.cachedChats()).find((c) => c.id === chat.id)?.lastMessage;
      if (oops?.body !== "oops") throw new Error("no message");

      let open = () => {};
      gate = new Promise((resolve) => (open = resolve));
      await here.hideMessage(chat.id, oops.id);
      expect(await previewOf(here, chat.id)).toBe("keep this");
      open();
      // What the second tab's list shows is the last chat it was told.
      await expect.poll(() => shown.at(-1), { timeout: 10_000 }).toBe("keep this");
    } finally {
      gate = null;
      for (const c of [here, secondTab]) c.stop();
    }
  });

  it("hiding an older message leaves the preview alone", async () => {
    const [alice, bob] = [await server.user("prev-alice2"), await server.user("prev-bob2")];
    const { chat } = await bob.api.createDirectChat(alice.id);
    const here = await device(alice.username);
    const sender = await device(bob.username);
    try {
      await sender.sendMessage(chat.id, "old");
      await sender.sendMessage(chat.id, "new");
      await expect.poll(() => previewOf(here, chat.id), { timeout: 10_000 }).toBe("new");
      const [old] = (await here.loadHistory(chat.id, {})).messages;
      if (!old) throw new Error("no message");
      await here.hideMessage(chat.id, old.id);
      expect(await previewOf(here, chat.id)).toBe("new");
      expect((await alice.api.chats()).find((c) => c.id === chat.id)?.lastMessage?.body).toBe("new");
    } finally {
      here.stop();
      sender.stop();
    }
  });

  it("a blocked person's newest message: the blocker's preview stays the newest message they can see", async () => {
    const [alice, pest] = [await server.user("prev-blocker"), await server.user("prev-pest")];
    const { chat } = await pest.api.createDirectChat(alice.id);
    const here = await device(alice.username);
    const sender = await device(pest.username);
    try {
      await sender.sendMessage(chat.id, "before the block");
      await expect.poll(() => previewOf(here, chat.id), { timeout: 10_000 }).toBe("before the block");
      await alice.api.blockUser(pest.id);
      const blockersTime = (await alice.api.chat(chat.id)).lastActivityAt;
      await sender.sendMessage(chat.id, "let me in");
      await expect
        .poll(async () => (await sender.cachedChats()).find((c) => c.id === chat.id)?.lastMessage?.body)
        .toBe("let me in");
      // The sender's list moves to their message (one tick) in their cache and in a fresh fetch
      // alike; the blocker's list does not move.
      const sendersCached = (await sender.cachedChats()).find((c) => c.id === chat.id);
      const sendersFresh = (await pest.api.chats()).find((c) => c.id === chat.id);
      expect(sendersFresh?.lastMessage?.body).toBe("let me in");
      expect(sendersFresh?.lastActivityAt).toBe(sendersFresh?.lastMessage?.createdAt);
      expect(sendersCached?.lastActivityAt).toBe(sendersFresh?.lastActivityAt);
      expect((await pest.api.chat(chat.id)).lastActivityAt).toBe(sendersFresh?.lastActivityAt);
      expect((await alice.api.chat(chat.id)).lastActivityAt).toBe(blockersTime);
      // The server's list (a reload, a new device), this device after a catch-up, and a fresh device.
      expect((await alice.api.chats()).find((c) => c.id === chat.id)?.lastMessage?.body).toBe("before the block");
      expect((await alice.api.chat(chat.id)).lastMessage?.body).toBe("before the block");
      here.stop();
      await here.login({ username: alice.username, password: PASSWORD });
      await expect.poll(() => here.connection, { timeout: 10_000 }).toBe("live");
      expect(await previewOf(here, chat.id)).toBe("before the block");
      const fresh = await device(alice.username);
      try {
        expect(await previewOf(fresh, chat.id)).toBe("before the block");
      } finally {
        fresh.stop();
      }
    } finally {
      here.stop();
      sender.stop();
    }
  });
});
