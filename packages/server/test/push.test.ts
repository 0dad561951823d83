import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { pushMessagePayloadSchema } from "@teamchat/protocol";
import { ChatError, request } from "@teamchat/sdk";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushSubscriptions } from "../src/db/schema.js";
import { fakeBrowserKeys, startFakePushService, verifyVapidHeader } from "./fake-push-service.js";
import { newClientId, sleep, type TestUser, useTestServer } from "./harness.js";

// With REDIS_URL the BullMQ queue runs (on a queue of its own, so no other server steals jobs).
const expectedQueue = process.env.REDIS_URL ? "bullmq" : "in-process";
const server = useTestServer({
  ...(process.env.REDIS_URL && { REDIS_URL: process.env.REDIS_URL }),
  PUSH_QUEUE_NAME: `push-test-${crypto.randomBytes(4).toString("hex")}`,
});

let pushService: Awaited<ReturnType<typeof startFakePushService>>;
beforeAll(async () => {
  pushService = await startFakePushService();
});
afterAll(() => pushService.close());

/** Subscribes `user` like a browser would, with a fresh endpoint on the fake push service. */
async function subscribe(user: TestUser) {
  const browser = fakeBrowserKeys();
  const { endpoint, path } = pushService.newEndpoint();
  await user.api.subscribePush({ endpoint, keys: browser.keys });
  return { ...browser, endpoint, path };
}

async function subscriptionRow(endpoint: string) {
  const rows = await server.database.db
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.endpoint, endpoint));
  return rows[0] ?? null;
}

/** Polls the database until `done` holds (bounded): the job finishes just after its request. */
async function eventually(done: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(25);
  }
}

async function send(from: TestUser, chatId: string, body: string, mentions?: string[]) {
  const socket = await from.connect();
  const ack = await request(socket, "message:send", {
    chatId,
    clientId: newClientId(),
    body,
    ...(mentions && { mentions }),
  });
  socket.disconnect();
  return ack.message;
}

describe(`web push (${expectedQueue} queue)`, () => {
  it(`runs the ${expectedQueue} queue`, () => {
    console.info(`push queue in use: ${server.built.ctx.push?.queueKind}`);
    expect(server.built.ctx.push?.queueKind).toBe(expectedQueue);
  });

  it("pushes an encrypted, VAPID-signed preview to an offline member", async () => {
    const [alice, bob] = [await server.user("alice"), await server.user("bob")];
    const { chat } = await bob.api.createDirectChat(alice.id);
    const browser = await subscribe(alice);
    const { publicKey } = await alice.api.vapidPublicKey();

    await send(bob, chat.id, "see you at 10 **tomorrow**");
    const [push] = await pushService.waitForRequests(browser.path, 1);
    if (!push) throw new Error("no push");

    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(push.headers.ttl).toBe(String(24 * 60 * 60));
    expect(push.headers.urgency).toBe("high");
    expect(push.headers.topic).toBe(chat.id.replaceAll("-", ""));

    const vapid = await verifyVapidHeader(push.headers.authorization, pushService.origin);
    expect(vapid.publicKey).toBe(publicKey);
    expect(vapid.claims.exp).toBeGreaterThan(Date.now() / 1000);
    expect(vapid.claims.sub).toMatch(/^(mailto|https):/);

    const payload = pushMessagePayloadSchema.parse(JSON.parse(browser.decrypt(push.body)));
    expect(payload).toEqual({
      type: "message",
      chatId: chat.id,
      title: "bob",
      // The notification shows plain text: formatting markers are stripped.
      body: "see you at 10 tomorrow",
      url: `/chats/${chat.id}`,
    });
    await eventually(async () => (await subscriptionRow(browser.endpoint))?.lastSuccessAt != null);
  });

  it('pushes nothing to a member with a live socket; group titles read "Sender @ Group"', async () => {
    const [bob, online, offline] = [
      await server.user("bob"),
      await server.user("online"),
      await server.user("offline"),
    ];
    const group = await bob.api.createGroupChat({ name: "ops", memberIds: [online.id, offline.id] });
    const [onlineBrowser, offlineBrowser] = [await subscribe(online), await subscribe(offline)];
    await online.connect();

    await send(bob, group.id, "deploy done");
    const [push] = await pushService.waitForRequests(offlineBrowser.path, 1);
    if (!push) throw new Error("no push");
    expect(JSON.parse(offlineBrowser.decrypt(push.body))).toMatchObject({ title: "bob @ ops", body: "deploy done" });
    // Both jobs were queued in the same fan-out; give a wrongly queued one time to arrive.
    await sleep(300);
    expect(pushService.requestsTo(onlineBrowser.path)).toEqual([]);
  });

  it("pushes nothing for a chat the member muted, and again once unmuted", async () => {
    const [bob, muter] = [await server.user("bob"), await server.user("muter")];
    const { chat } = await bob.api.createDirectChat(muter.id);
    const browser = await subscribe(muter);
    await muter.api.updateChatSettings(chat.id, { mute: "8h" });
    await send(bob, chat.id, "while muted");
    await sleep(400);
    expect(pushService.requestsTo(browser.path)).toEqual([]);
    await muter.api.updateChatSettings(chat.id, { mute: "off" });
    await send(bob, chat.id, "after unmute");
    const [push] = await pushService.waitForRequests(browser.path, 1);
    if (!push) throw new Error("no push");
    expect(JSON.parse(browser.decrypt(push.body))).toMatchObject({ body: "after unmute" });
  });

  it("a mention notifies a member even in a chat they muted; others who muted it stay quiet", async () => {
    const [ana, named, quiet] = [await server.user("ana"), await server.user("named"), await server.user("quiet")];
    const group = await ana.api.createGroupChat({ name: "Muted crew", memberIds: [named.id, quiet.id] });
    const [namedBrowser, quietBrowser] = [await subscribe(named), await subscribe(quiet)];
    await named.api.updateChatSettings(group.id, { mute: "always" });
    await quiet.api.updateChatSettings(group.id, { mute: "always" });
    await send(ana, group.id, "@named look", [named.id]);
    const [push] = await pushService.waitForRequests(namedBrowser.path, 1);
    if (!push) throw new Error("no push");
    expect(JSON.parse(namedBrowser.decrypt(push.body))).toMatchObject({ body: "@named look" });
    await sleep(300);
    expect(pushService.requestsTo(quietBrowser.path)).toEqual([]);
  });

  it("removes a subscription the push service reports gone (410), without retrying", async () => {
    const [alice, bob] = [await server.user("alice"), await server.user("bob")];
    const { chat } = await bob.api.createDirectChat(alice.id);
    const browser = await subscribe(alice);
    pushService.answer(browser.path, 410);

    await send(bob, chat.id, "anyone there?");
    await pushService.waitForRequests(browser.path, 1);
    await eventually(async () => (await subscriptionRow(browser.endpoint)) === null);
    await sleep(1_300); // past the first backoff: a retry would have arrived by now
    expect(pushService.requestsTo(browser.path)).toHaveLength(1);
  });

  it("retries after a 500 and then delivers", async () => {
    const [alice, bob] = [await server.user("alice"), await server.user("bob")];
    const { chat } = await bob.api.createDirectChat(alice.id);
    const browser = await subscribe(alice);
    pushService.answer(browser.path, 500);

    await send(bob, chat.id, "second time lucky");
    const [first, second] = await pushService.waitForRequests(browser.path, 2, 10_000);
    if (!first || !second) throw new Error("no retry");
    expect(JSON.parse(browser.decrypt(second.body))).toMatchObject({ body: "second time lucky" });
    await eventually(async () => (await subscriptionRow(browser.endpoint))?.lastSuccessAt != null);
  });
});

describe("push subscription routes", () => {
  it("serve the VAPID public key generated once into DATA_DIR/vapid.json (mode 0600)", async () => {
    const alice = await server.user("alice");
    const file = path.join(server.built.ctx.config.dataDir, "vapid.json");
    const stored = JSON.parse(await fs.readFile(file, "utf8")) as { publicKey: string };
    expect((await alice.api.vapidPublicKey()).publicKey).toBe(stored.publicKey);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it("need a session", async () => {
    await expect(server.anonymous().vapidPublicKey()).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("are idempotent by endpoint, and re-subscribing moves the endpoint to the current user", async () => {
    const [alice, bob] = [await server.user("alice"), await server.user("bob")];
    const browser = await subscribe(alice);
    await alice.api.subscribePush({ endpoint: browser.endpoint, keys: browser.keys });
    expect((await subscriptionRow(browser.endpoint))?.userId).toBe(alice.id);

    await bob.api.subscribePush({ endpoint: browser.endpoint, keys: browser.keys });
    expect((await subscriptionRow(browser.endpoint))?.userId).toBe(bob.id);
    const rows = await server.database.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, browser.endpoint));
    expect(rows).toHaveLength(1);

    expect(await alice.api.unsubscribePush({ endpoint: browser.endpoint })).toEqual({ removed: false });
    expect(await bob.api.unsubscribePush({ endpoint: browser.endpoint })).toEqual({ removed: true });
    expect(await subscriptionRow(browser.endpoint)).toBeNull();
  });

  it("refuse plain http off loopback and unusable keys", async () => {
    const alice = await server.user("alice");
    const { keys } = fakeBrowserKeys();
    const refused = async (body: Parameters<typeof alice.api.subscribePush>[0]) => {
      const err = await alice.api.subscribePush(body).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChatError);
      expect((err as ChatError).code).toBe("VALIDATION_FAILED");
    };
    await refused({ endpoint: "http://push.example.com/abc", keys });
    await refused({ endpoint: "ftp://push.example.com/abc", keys });
    await refused({ endpoint: "https://push.example.com/abc", keys: { ...keys, p256dh: "A".repeat(87) } });
    await refused({ endpoint: "https://push.example.com/abc", keys: { ...keys, auth: "short" } });
  });
});
