import type { Message } from "@teamchat/protocol";
import { ChatClient, type ConnectionState, memoryCookieJar, type PendingSend } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { sleep, until, useTestServer } from "./harness.js";

const server = useTestServer({ ACCESS_TOKEN_TTL_SECONDS: "3" });

function newClient() {
  return new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar(), ackTimeoutMs: 2_000 });
}

async function signedUp(name: string) {
  const client = newClient();
  const states: ConnectionState[] = [];
  client.on("connection", (s) => states.push(s));
  const me = await client.register({
    username: `${name}-${Math.random().toString(36).slice(2, 8)}`,
    password: "correct horse battery",
    displayName: name,
  });
  await until(() => client.connection === "live");
  return { client, me, states };
}

describe("ChatClient (SDK) against a real server", () => {
  it("sends with a pending state, confirms once, auto-acks delivery, and syncs reads", async () => {
    const alice = await signedUp("alice");
    const bob = await signedUp("bob");
    const { chat } = await alice.client.call((api) => api.createDirectChat(bob.me.id));
    const bobInbox: Message[] = [];
    bob.client.on("message", (m) => bobInbox.push(m));
    const aliceConfirmed: Message[] = [];
    alice.client.on("message", (m) => aliceConfirmed.push(m));
    const delivered: number[] = [];
    alice.client.on("delivered", (p) => delivered.push(p.upToSeq));

    const pending = await alice.client.sendMessage(chat.id, "hello bob");
    expect(pending.status).toBe("sending");
    await until(() => bobInbox.length === 1 && delivered.includes(1));
    expect(bobInbox[0]).toMatchObject({ body: "hello bob", clientId: pending.clientId, seq: 1 });
    await sleep(100); // let the ack arrive after the echo (or the other way round)
    expect(aliceConfirmed.filter((m) => m.clientId === pending.clientId)).toHaveLength(1);
    expect(alice.client.pendingSends()).toEqual([]);

    const readState = new Promise((resolve) => bob.client.on("readState", resolve));
    bob.client.markRead(chat.id, 1);
    expect(await readState).toEqual({ chatId: chat.id, readSeq: 1, unreadCount: 0, mentionCount: 0 });
    alice.client.stop();
    bob.client.stop();
  });

  it("messages written while disconnected are sent on reconnect, in order, exactly once", async () => {
    const alice = await signedUp("alice2");
    const bob = await signedUp("bob2");
    const { chat } = await alice.client.call((api) => api.createDirectChat(bob.me.id));
    const bobInbox: Message[] = [];
    bob.client.on("message", (m) => bobInbox.push(m));

    // Drop the transport without telling the client: it will reconnect by itself.
    const engine = (alice.client as unknown as { socket: { io: { engine: { close(): void } } } }).socket.io.engine;
    engine.close();
    await until(() => alice.client.connection !== "live");
    for (let i = 1; i <= 5; i++) await alice.client.sendMessage(chat.id, `offline ${i}`);
    await until(() => bobInbox.length === 5, 10_000);
    expect(bobInbox.map((m) => m.body)).toEqual([1, 2, 3, 4, 5].map((i) => `offline ${i}`));
    expect(bobInbox.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(alice.states).toContain("reconnecting");
    await sleep(300);
    expect((await bob.client.call((api) => api.history(chat.id))).messages).toHaveLength(5);
    alice.client.stop();
    bob.client.stop();
  });

  it("a refused send turns failed and can be retried with the same clientId", async () => {
    const alice = await signedUp("alice3");
    const updates: PendingSend[] = [];
    alice.client.on("pending", (p) => updates.push(p));
    const send = await alice.client.sendMessage("77777777-7777-4777-8777-777777777777", "into the void");
    await until(() => updates.some((u) => u.status === "failed"));
    expect(updates.at(-1)).toMatchObject({ clientId: send.clientId, status: "failed" });
    await alice.client.retry(send.clientId);
    expect(updates.at(-1)).toMatchObject({ clientId: send.clientId, status: "sending" });
    await until(() => updates.filter((u) => u.status === "failed").length === 2);
    alice.client.stop();
  });

  it("survives access-token expiry: REST calls refresh once, and the socket reconnects with a fresh token", async () => {
    const alice = await signedUp("alice4");
    const firstToken = alice.client.accessToken;
    await sleep(3_500); // past the 3 s token lifetime
    const me = await alice.client.call((api) => api.me());
    expect(me.id).toBe(alice.me.id);
    expect(alice.client.accessToken).not.toBe(firstToken);
    const engine = (alice.client as unknown as { socket: { io: { engine: { close(): void } } } }).socket.io.engine;
    engine.close();
    await until(() => alice.client.connection === "live", 8_000);
    alice.client.stop();
  });

  it("restores a session from the refresh cookie, and logout ends it", async () => {
    const jar = memoryCookieJar();
    const first = new ChatClient({ serverUrl: server.baseUrl, cookieJar: jar });
    const me = await first.register({
      username: `rest-${Date.now()}`,
      password: "correct horse battery",
      displayName: "R",
    });
    first.stop();
    const second = new ChatClient({ serverUrl: server.baseUrl, cookieJar: jar });
    expect((await second.restoreSession())?.id).toBe(me.id);
    await second.logout();
    expect(second.connection).toBe("signed-out");
    const third = new ChatClient({ serverUrl: server.baseUrl, cookieJar: jar });
    expect(await third.restoreSession()).toBeNull();
  });

  it("a chat created while the catch-up's list was in flight is not dropped by that older list", async () => {
    // Hold the answer to GET /api/chats (already read on the server) until the chat exists.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let listRead = false;
    const slowList: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (new URL(String(input)).pathname === "/api/chats" && (init?.method ?? "GET") === "GET") {
        listRead = true;
        await gate;
      }
      return response;
    };
    const client = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar(), fetch: slowList });
    const synced: string[][] = [];
    client.on("chatsSynced", (chats) => synced.push(chats.map((c) => c.id)));
    const me = await client.register({
      username: `race-${Math.random().toString(36).slice(2, 8)}`,
      password: "correct horse battery",
      displayName: "Racer",
    });
    await until(() => listRead);
    const other = await server.user("racer-peer");
    const created = new Promise<string>((resolve) => client.on("chatCreated", (c) => resolve(c.id)));
    // A group: a direct chat is announced to me only with its first message.
    const chat = await other.api.createGroupChat({ name: "race", memberIds: [me.id] });
    expect(await created).toBe(chat.id);
    release();
    await until(() => synced.length > 0);
    expect(synced[0]).toContain(chat.id);
    expect((await client.cachedChats()).map((c) => c.id)).toContain(chat.id);
    client.stop();
  });
});
