import type { Message } from "@teamchat/protocol";
import { ChatClient, memoryCookieJar, request } from "@teamchat/sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newClientId, sleep, type TestServer, type TestUser, until, useTestServer } from "./harness.js";

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

/** Field for field: body, editedAt, deletedAt, reactions and changeSeq included. */
async function expectConverged(d: Device, chatId: string) {
  await until(() => d.client.connection === "live" && d.client.pendingSends().length === 0, 15_000);
  await sleep(200);
  const truth = await serverHistory(d, chatId);
  expect(truth.map((m) => m.seq)).toEqual(truth.map((_, i) => i + 1)); // no gap on the server
  expect(await cachedHistory(d, chatId)).toEqual(truth);
  return truth;
}

async function stormWhileOffline(restartInTheMiddle: (s: TestServer) => Promise<void>) {
  const alice = await device("alice");
  const bob = await server.user("bob");
  const { chat } = await alice.client.call((api) => api.createDirectChat(bob.id));
  // Alice has the chat open: its history is cached and her sync cursor is set.
  await alice.client.loadHistory(chat.id, { limit: 50 });
  const bobSocket = await bob.connect();
  const { message: before } = await request(bobSocket, "message:send", {
    chatId: chat.id,
    clientId: newClientId(),
    body: "before",
  });
  await until(() => alice.client.connection === "live");
  await until(async () => (await cachedHistory(alice, chat.id)).length === 1);

  goOffline(alice);
  await until(() => alice.client.connection !== "live");
  const missed: Message[] = [];
  for (let i = 1; i <= 20; i++) {
    const sent = await request(bobSocket, "message:send", {
      chatId: chat.id,
      clientId: newClientId(),
      body: `to alice ${i}`,
    });
    missed.push(sent.message);
  }
  // Changes to a message Alice has cached ("before") and to ones she has not seen yet.
  const [third, fifth, seventh] = [missed[2], missed[4], missed[6]];
  if (!third || !fifth || !seventh) throw new Error("missing messages");
  const ref = (m: Message) => ({ chatId: chat.id, messageId: m.id });
  await request(bobSocket, "message:edit", { ...ref(before), body: "before (edited)" });
  await request(bobSocket, "message:edit", { ...ref(third), body: "to alice 3 (edited)" });
  await request(bobSocket, "message:delete", ref(fifth));
  await request(bobSocket, "reaction:add", { ...ref(before), emoji: "👍" });
  await request(bobSocket, "reaction:add", { ...ref(seventh), emoji: "🎉" });
  for (let i = 1; i <= 10; i++) await alice.client.sendMessage(chat.id, `queued ${i}`);
  expect(alice.client.pendingSends()).toHaveLength(10);
  await restartInTheMiddle(server);
  goOnline(alice);

  const truth = await expectConverged(alice, chat.id);
  expect(truth).toHaveLength(31);
  // Bob's 20 in order, then Alice's 10 in the order she wrote them, each exactly once.
  const bobBodies = Array.from({ length: 20 }, (_, i) => `to alice ${i + 1}`);
  bobBodies[2] = "to alice 3 (edited)";
  bobBodies[4] = "";
  expect(truth[0]).toMatchObject({ body: "before (edited)", reactions: [{ emoji: "👍", userIds: [bob.id] }] });
  expect(truth.slice(1, 21).map((m) => m.body)).toEqual(bobBodies);
  expect(truth[5]?.deletedAt).not.toBeNull();
  expect(truth[7]?.reactions).toEqual([{ emoji: "🎉", userIds: [bob.id] }]);
  expect(truth.slice(21).map((m) => m.body)).toEqual(Array.from({ length: 10 }, (_, i) => `queued ${i + 1}`));
  // The chat list agrees with the server too.
  const [cached] = (await alice.client.cachedChats()).filter((c) => c.id === chat.id);
  expect(cached).toMatchObject({ lastSeq: 31, changeSeq: 36, lastMessage: truth[30] });
  alice.client.stop();
}

describe("catch-up after a disconnect (SDK in Node against a real server)", () => {
  it("20 messages missed and 10 queued offline: both sides end with the same ordered history", async () => {
    await stormWhileOffline(async () => {});
  });

  it("the same with a server restart in the middle", async () => {
    await stormWhileOffline((s) => s.restart());
  });

  it("property: random interleavings of sends, edits, deletes, reactions, disconnects and reconnects converge", async () => {
    const op = fc.oneof(
      fc.constant({ kind: "alice-send" as const, pick: 0 }),
      fc.constant({ kind: "bob-send" as const, pick: 0 }),
      fc.constant({ kind: "alice-drop" as const, pick: 0 }),
      fc.constant({ kind: "alice-return" as const, pick: 0 }),
      fc.record({ kind: fc.constant("bob-edit" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("bob-delete" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("bob-react" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("alice-react" as const), pick: fc.nat() }),
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
        /** A stored message of the chat chosen by `pick`, optionally only Bob's; null when none. */
        const choose = async (pick: number, onlyBobs: boolean): Promise<Message | null> => {
          const candidates = (await serverHistory(bob, chat.id)).filter(
            (m) => m.deletedAt === null && (!onlyBobs || m.senderId === bob.me.id),
          );
          return candidates[pick % Math.max(1, candidates.length)] ?? null;
        };
        for (const step of ops) {
          n++;
          if (step.kind === "bob-edit" || step.kind === "bob-delete" || step.kind === "bob-react") {
            const target = await choose(step.pick, step.kind !== "bob-react");
            if (step.kind === "bob-edit" && target) await bob.client.editMessage(chat.id, target.id, `e${n}`);
            if (step.kind === "bob-delete" && target) await bob.client.deleteMessage(chat.id, target.id);
            if (step.kind === "bob-react" && target) await bob.client.react(chat.id, target.id, "👍");
          }
          if (step.kind === "alice-react" && !offline) {
            const target = await choose(step.pick, false);
            if (target) await alice.client.react(chat.id, target.id, step.pick % 2 ? "🎉" : "👍");
          }
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
