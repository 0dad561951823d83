import { ChatClient, memoryCookieJar } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { useTestServer } from "./harness.js";

const server = useTestServer();

async function signedIn(username: string, cookieJar = memoryCookieJar()) {
  const client = new ChatClient({ serverUrl: server.baseUrl, cookieJar });
  await client.login({ username, password: "correct horse battery" });
  await expect.poll(() => client.connection, { timeout: 10_000 }).toBe("live");
  return client;
}

describe("receipts follow the message, not the screen (SDK)", () => {
  it("an offline recipient who comes back without opening the chat turns the sender's tick to ✓✓", async () => {
    const [alice, dave] = [await server.user("tick-alice"), await server.user("tick-dave")];
    const { chat } = await alice.api.createDirectChat(dave.id);
    const sender = await signedIn(alice.username);
    const delivered: number[] = [];
    sender.on("delivered", (p) => {
      if (p.chatId === chat.id && p.userId === dave.id) delivered.push(p.upToSeq);
    });
    const receiver = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    try {
      await sender.sendMessage(chat.id, "are you there?");
      await sender.sendMessage(chat.id, "call me when you are back");
      await expect.poll(async () => (await alice.api.history(chat.id)).messages.length).toBe(2);
      expect(delivered).toEqual([]);

      // Dave comes online: his client catches up (chat list, badges) and opens no chat.
      await receiver.login({ username: dave.username, password: "correct horse battery" });
      await expect.poll(() => delivered.at(-1), { timeout: 10_000 }).toBe(2);
      const [listed] = await receiver.cachedChats();
      expect(listed).toMatchObject({ id: chat.id, unreadCount: 2, myReadSeq: 0 });
      // Delivered means on this device: the messages it acknowledged are in its cache.
      const held = await receiver.cachedMessages(chat.id, { afterSeq: 0, limit: 10 });
      expect(held.map((m) => m.body)).toEqual(["are you there?", "call me when you are back"]);
      // Delivered is not read: nothing was shown to Dave.
      const forAlice = (await alice.api.chats()).find((c) => c.id === chat.id);
      expect(forAlice?.members.find((m) => m.user.id === dave.id)).toMatchObject({ deliveredSeq: 2, readSeq: 0 });
    } finally {
      sender.stop();
      receiver.stop();
    }
  });

  it("messages that arrive while a known chat's device was away are delivered at the catch-up", async () => {
    const [alice, dave] = [await server.user("tick-alice2"), await server.user("tick-dave2")];
    const { chat } = await alice.api.createDirectChat(dave.id);
    const sender = await signedIn(alice.username);
    const jar = memoryCookieJar();
    let receiver = await signedIn(dave.username, jar);
    const delivered: number[] = [];
    sender.on("delivered", (p) => {
      if (p.chatId === chat.id && p.userId === dave.id) delivered.push(p.upToSeq);
    });
    try {
      await sender.sendMessage(chat.id, "one");
      await expect.poll(() => delivered.at(-1), { timeout: 10_000 }).toBe(1);
      receiver.stop();
      await sender.sendMessage(chat.id, "two");
      await sender.sendMessage(chat.id, "three");
      await expect.poll(async () => (await alice.api.history(chat.id)).messages.length).toBe(3);
      receiver = new ChatClient({ serverUrl: server.baseUrl, cookieJar: jar });
      expect(await receiver.restoreSession()).not.toBeNull();
      await expect.poll(() => delivered.at(-1), { timeout: 10_000 }).toBe(3);
    } finally {
      sender.stop();
      receiver.stop();
    }
  });

  it("a chat with more undelivered messages than a page is delivered up to the page it stored", async () => {
    const [alice, dave] = [await server.user("tick-alice3"), await server.user("tick-dave3")];
    const { chat } = await alice.api.createDirectChat(dave.id);
    const sender = await signedIn(alice.username);
    const delivered: number[] = [];
    sender.on("delivered", (p) => {
      if (p.chatId === chat.id && p.userId === dave.id) delivered.push(p.upToSeq);
    });
    const receiver = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    try {
      for (let i = 1; i <= 205; i++) await sender.sendMessage(chat.id, `m${i}`);
      await expect.poll(() => sender.pendingSends().length, { timeout: 60_000 }).toBe(0);
      await receiver.login({ username: dave.username, password: "correct horse battery" });
      // One page (200) is stored and acknowledged; the last 5 were never downloaded.
      await expect.poll(() => delivered.at(-1), { timeout: 10_000 }).toBe(200);
      expect((await receiver.cachedMessages(chat.id, { afterSeq: 0, limit: 300 })).length).toBe(200);
      // Opening the chat at its newest messages stores them, and they are delivered then.
      await receiver.timeline.latest(chat.id);
      await expect.poll(() => delivered.at(-1), { timeout: 10_000 }).toBe(205);
    } finally {
      sender.stop();
      receiver.stop();
    }
  }, 120_000);
});
