import type { Message } from "@teamchat/protocol";
import { ChatClient, memoryCookieJar } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { until, useTestServer } from "./harness.js";

const server = useTestServer();

async function signedUp(name: string) {
  const client = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar(), ackTimeoutMs: 2_000 });
  const credentials = {
    username: `${name}-${Math.random().toString(36).slice(2, 8)}`,
    password: "correct horse battery",
  };
  const me = await client.register({ ...credentials, displayName: name });
  await until(() => client.connection === "live");
  return { client, me, credentials };
}

/** Drops the transport without telling the client: it reconnects and catches up by itself. */
function dropConnection(client: ChatClient) {
  (client as unknown as { socket: { io: { engine: { close(): void } } } }).socket.io.engine.close();
}

const seqs = (messages: Message[]) => messages.map((m) => m.seq);

describe("SDK: jumping, replies and pins", () => {
  it("a window opened far from the newest messages keeps sync and the cached newest page correct", async () => {
    const alice = await signedUp("jump-a");
    const bob = await signedUp("jump-b");
    bob.client.stop(); // away while the chat fills up: nothing of it is cached
    const { chat } = await alice.client.call((api) => api.createDirectChat(bob.me.id));
    const sent: Message[] = [];
    alice.client.on("message", (m) => sent.push(m));
    for (let i = 1; i <= 80; i++) await alice.client.sendMessage(chat.id, `message ${i}`);
    await until(() => sent.length === 80);
    // Bob's other device received all of it: this one's catch-up has nothing to fetch to deliver
    // (it stores what it acknowledges), so its cache holds none of the chat.
    const otherDevice = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    await otherDevice.login(bob.credentials);
    await until(async () => {
      const listed = (await alice.client.api.chats()).find((c) => c.id === chat.id);
      return listed?.members.find((m) => m.user.id === bob.me.id)?.deliveredSeq === 80;
    });
    otherDevice.stop();
    await bob.client.login(bob.credentials);
    await until(() => bob.client.connection === "live");

    await bob.client.loadHistory(chat.id, { limit: 20 }); // 61..80
    const around = await bob.client.loadHistory(chat.id, { around: 10, limit: 9 }); // 6..14
    expect(seqs(around.messages)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(around).toMatchObject({ hasOlder: true, hasNewer: true });
    // The newest cached run is the newest page, not the jumped window below it.
    expect(seqs(await bob.client.cachedMessages(chat.id, { limit: 50 }))).toEqual(
      Array.from({ length: 20 }, (_, i) => 61 + i),
    );

    dropConnection(bob.client);
    const ten = sent[9] as Message;
    const thirty = sent[29] as Message;
    await alice.client.editMessage(chat.id, ten.id, "message 10 edited");
    await alice.client.pinMessage(chat.id, thirty.id);
    await alice.client.sendMessage(chat.id, "message after the jump");
    await until(async () => {
      const [tenNow] = await bob.client.cachedMessages(chat.id, { afterSeq: 9, limit: 1 });
      return tenNow?.body === "message 10 edited";
    });
    await until(async () => (await bob.client.cachedMessages(chat.id, { limit: 50 })).at(-1)?.seq === 82);
    // 81 is the pin's system message, 82 the new one: the newest run stays unbroken.
    const newest = await bob.client.cachedMessages(chat.id, { limit: 50 });
    expect(seqs(newest)).toEqual(Array.from({ length: 22 }, (_, i) => 61 + i));
    // A window opened after the old one starts from it and is unbroken too.
    expect(seqs(await bob.client.cachedMessages(chat.id, { afterSeq: 5, limit: 50 }))).toEqual([
      6, 7, 8, 9, 10, 11, 12, 13, 14,
    ]);
    const cachedChat = (await bob.client.cachedChats()).find((c) => c.id === chat.id);
    await until(async () => Boolean((await bob.client.cachedChats()).find((c) => c.id === chat.id)?.pins?.length));
    expect(cachedChat).toBeDefined();
    alice.client.stop();
    bob.client.stop();
  });

  it("a reply written offline is sent from the outbox with its quote; pins arrive as chatPins", async () => {
    const alice = await signedUp("reply-a");
    const bob = await signedUp("reply-b");
    const { chat } = await alice.client.call((api) => api.createDirectChat(bob.me.id));
    const bobInbox: Message[] = [];
    bob.client.on("message", (m) => bobInbox.push(m));
    await alice.client.sendMessage(chat.id, "question?");
    await until(() => bobInbox.length === 1);
    const question = bobInbox[0] as Message;

    dropConnection(bob.client);
    await until(() => bob.client.connection !== "live");
    const quote = {
      id: question.id,
      seq: question.seq,
      senderId: question.senderId,
      body: question.body,
      deleted: false,
    };
    const pending = await bob.client.sendMessage(chat.id, "answer!", { replyTo: quote });
    expect(pending.replyTo).toEqual(quote);
    const aliceInbox: Message[] = [];
    alice.client.on("message", (m) => aliceInbox.push(m));
    await until(() => aliceInbox.some((m) => m.body === "answer!"));
    expect(aliceInbox.find((m) => m.body === "answer!")?.replyTo).toEqual(quote);

    const pins = new Promise((resolve) => alice.client.on("chatPins", resolve));
    const pinned = await bob.client.pinMessage(chat.id, question.id);
    expect(pinned.pinnedAt).not.toBeNull();
    expect(await pins).toMatchObject({ chatId: chat.id, pins: [{ messageId: question.id }] });
    const found = await alice.client.search("answ");
    expect(found.results.map((r) => r.message.body)).toEqual(["answer!"]);
    alice.client.stop();
    bob.client.stop();
  });
});
