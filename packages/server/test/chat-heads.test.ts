import crypto from "node:crypto";
import { ChatClient, memoryCookieJar } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { insertWithNextSeq } from "../src/modules/messages/messages.repo.js";
import { collect, useTestServer } from "./harness.js";

const redisUrl = process.env.REDIS_URL;
const PASSWORD = "correct horse battery";

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A message stored but never broadcast (its node died with the broadcast queued for Redis): the
 * node's periodic chat head reaches the members' open sockets, the SDK sees its cursor behind the
 * head and syncs the chat, with no reconnection.
 */
describe.skipIf(!redisUrl)("chat heads (several nodes: REDIS_URL)", () => {
  const server = useTestServer({ REDIS_URL: redisUrl ?? "" });

  it("a connected client learns of a message whose broadcast was lost and syncs it without reconnecting", async () => {
    const client = () =>
      new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar(), ackTimeoutMs: 5_000 });
    const suffix = crypto.randomBytes(3).toString("hex");
    const alice = client();
    const aliceMe = await alice.register({ username: `head-a-${suffix}`, password: PASSWORD, displayName: "A" });
    const bob = client();
    const bobMe = await bob.register({ username: `head-b-${suffix}`, password: PASSWORD, displayName: "B" });
    await until(() => alice.connection === "live" && bob.connection === "live", "both live");
    const { chat } = await alice.call((api) => api.createDirectChat(bobMe.id));
    await alice.sendMessage(chat.id, "seen live");
    await until(async () => (await bob.loadHistory(chat.id, {})).messages.length === 1, "first message at bob");
    const states: string[] = [];
    bob.on("connection", (state) => states.push(state));
    const socket = (bob as unknown as { socket: import("@teamchat/sdk").ChatSocket }).socket;
    const heads = collect(socket, "chat:head");

    // Stored like a send, but no fan-out at all.
    const lost = await insertWithNextSeq(server.built.ctx.db, {
      chatId: chat.id,
      senderId: aliceMe.id,
      clientId: crypto.randomUUID(),
      body: "broadcast lost",
    });
    expect(lost?.seq).toBe(2);

    await until(
      async () => (await bob.cachedMessages(chat.id, { limit: 10 })).some((m) => m.id === lost?.id),
      "lost message synced",
    );
    expect(heads.some((h) => h.chatId === chat.id && h.lastSeq === 2)).toBe(true);
    // Caught up through a sync while connected: never offline or reconnecting.
    expect(states.filter((s) => s === "reconnecting" || s === "offline")).toEqual([]);
    alice.stop();
    bob.stop();
  });
});
