import type { Message } from "@teamchat/protocol";
import { ChatClient, memoryCookieJar, request } from "@teamchat/sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newClientId, sleep, type TestServer, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

type Device = { client: ChatClient; me: { id: string } };

async function device(name: string): Promise<Device> {
  const client = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar(), ackTimeoutMs: 3_000 });
  const me = await client.register({
    username: `${name}-${Math.random().toString(36).slice(2, 8)}`,
    password: "correct horse battery",
    displayName: name,
  });
  await until(() => client.connection === "live");
  return { client, me };
}

async function until(condition: () => boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await sleep(25);
  }
}

/** Simulates a network drop the client does not expect: no automatic reconnection until `goOnline`. */
function goOffline(d: Device) {
  const socket = (
    d.client as unknown as { socket: { io: { reconnection(v: boolean): void; engine: { close(): void } } } }
  ).socket;
  socket.io.reconnection(false);
  socket.io.engine.close();
}

function goOnline(d: Device) {
  const socket = (d.client as unknown as { socket: { io: { reconnection(v: boolean): void }; connect(): void } })
    .socket;
  socket.io.reconnection(true);
  socket.connect();
}

/** Everything the server holds for a chat, by seq. */
async function serverHistory(user: TestUser | Device, chatId: string): Promise<Message[]> {
  const api = "api" in user ? user.api : user.client.api;
  const all: Message[] = [];
  let after = 0;
  for (;;) {
    const page = await api.history(chatId, { after, limit: 200 });
    all.push(...page.messages);
    if (!page.hasMore) return all;
    after = page.messages.at(-1)?.seq ?? after;
  }
}

async function cachedHistory(d: Device, chatId: string): Promise<Message[]> {
  return d.client.cachedMessages(chatId, { afterSeq: 0, limit: 100_000 });
}

const comparable = (ms: Message[]) => ms.map((m) => ({ seq: m.seq, id: m.id, body: m.body, senderId: m.senderId }));

async function expectConverged(d: Device, chatId: string) {
  await until(() => d.client.connection === "live" && d.client.pendingSends().length === 0, 15_000);
  await sleep(200);
  const truth = await serverHistory(d, chatId);
  expect(truth.map((m) => m.seq)).toEqual(truth.map((_, i) => i + 1)); // no gap on the server
  expect(comparable(await cachedHistory(d, chatId))).toEqual(comparable(truth));
  return truth;
}

async function stormWhileOffline(restartInTheMiddle: (s: TestServer) => Promise<void>) {
  const alice = await device("alice");
  const bob = await server.user("bob");
  const { chat } = await alice.client.call((api) => api.createDirectChat(bob.id));
  // Alice has the chat open: its history is cached and her sync cursor is set.
  await alice.client.loadHistory(chat.id, { limit: 50 });
  const bobSocket = await bob.connect();
  await request(bobSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "before" });
  await until(() => alice.client.connection === "live");

  goOffline(alice);
  await until(() => alice.client.connection !== "live");
  for (let i = 1; i <= 20; i++) {
    await request(bobSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body: `to alice ${i}` });
  }
  for (let i = 1; i <= 10; i++) await alice.client.sendMessage(chat.id, `queued ${i}`);
  expect(alice.client.pendingSends()).toHaveLength(10);
  await restartInTheMiddle(server);
  goOnline(alice);

  const truth = await expectConverged(alice, chat.id);
  expect(truth).toHaveLength(31);
  // Bob's 20 in order, then Alice's 10 in the order she wrote them, each exactly once.
  expect(truth.slice(1, 21).map((m) => m.body)).toEqual(Array.from({ length: 20 }, (_, i) => `to alice ${i + 1}`));
  expect(truth.slice(21).map((m) => m.body)).toEqual(Array.from({ length: 10 }, (_, i) => `queued ${i + 1}`));
  // The chat list agrees with the server too.
  const [cached] = (await alice.client.cachedChats()).filter((c) => c.id === chat.id);
  expect(cached).toMatchObject({ lastSeq: 31, changeSeq: 31 });
  alice.client.stop();
}

describe("catch-up after a disconnect (SDK in Node against a real server)", () => {
  it("20 messages missed and 10 queued offline: both sides end with the same ordered history", async () => {
    await stormWhileOffline(async () => {});
  });

  it("the same with a server restart in the middle", async () => {
    await stormWhileOffline((s) => s.restart());
  });

  it("property: random interleavings of sends, disconnects and reconnects converge", async () => {
    const op = fc.oneof(
      fc.constant({ kind: "alice-send" as const }),
      fc.constant({ kind: "bob-send" as const }),
      fc.constant({ kind: "alice-drop" as const }),
      fc.constant({ kind: "alice-return" as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 14 }), async (ops) => {
        const alice = await device("pa");
        const bob = await device("pb");
        const { chat } = await alice.client.call((api) => api.createDirectChat(bob.me.id));
        await alice.client.loadHistory(chat.id, { limit: 50 });
        await bob.client.loadHistory(chat.id, { limit: 50 });
        let offline = false;
        let n = 0;
        for (const step of ops) {
          n++;
          if (step.kind === "alice-send") await alice.client.sendMessage(chat.id, `a${n}`);
          if (step.kind === "bob-send") await bob.client.sendMessage(chat.id, `b${n}`);
          if (step.kind === "alice-drop" && !offline) {
            goOffline(alice);
            offline = true;
          }
          if (step.kind === "alice-return" && offline) {
            goOnline(alice);
            offline = false;
          }
          await sleep(10);
        }
        if (offline) goOnline(alice);
        const truth = await expectConverged(alice, chat.id);
        await expectConverged(bob, chat.id);
        const sent = ops.filter((o) => o.kind === "alice-send" || o.kind === "bob-send").length;
        expect(truth).toHaveLength(sent);
        // Each device's own messages keep the order they were written in.
        const aliceBodies = truth.filter((m) => m.senderId === alice.me.id).map((m) => Number(m.body.slice(1)));
        expect(aliceBodies).toEqual([...aliceBodies].sort((x, y) => x - y));
        alice.client.stop();
        bob.client.stop();
      }),
      { numRuns: 12 },
    );
  });
});
