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
      await sender.sendMessage(chat.id, "let me in");
      await expect
        .poll(async () => (await sender.cachedChats()).find((c) => c.id === chat.id)?.lastMessage?.body)
        .toBe("let me in");
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
