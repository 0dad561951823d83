import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Message } from "@teamchat/protocol";
import { type CacheStore, ChatClient, MemoryCacheStore, memoryCookieJar, request } from "@teamchat/sdk";
import { SqliteCacheStore, sqliteCacheFile } from "@teamchat/sdk/node";
import { afterAll, describe, expect, it } from "vitest";
import { newClientId, sleep, until, useTestServer } from "./harness.js";

const server = useTestServer();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "teamchat-bot-cache-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A bot as a user writes it: signs in with its password (a restarted bot has no cookie), and
 * answers every person's text message it learns of, live or from the catch-up after a start.
 */
async function runBot(credentials: { username: string; password: string }, openCache: (userId: string) => CacheStore) {
  const client = new ChatClient({
    serverUrl: server.baseUrl,
    cookieJar: memoryCookieJar(),
    openCache,
    followAllChats: true,
  });
  const seen: string[] = [];
  const me = await client.login(credentials);
  const answer = (m: Message) => {
    if (m.senderId === me.id || m.kind !== "text" || m.deletedAt) return;
    seen.push(m.body);
    void client.sendMessage(m.chatId, `seen: ${m.body}`);
  };
  client.on("message", answer);
  client.on("messagesSynced", ({ messages }) => {
    for (const m of messages) answer(m);
  });
  await until(() => client.connection === "live");
  return { client, seen };
}

/**
 * A bot runs (m1, m2 live), stops, three messages arrive meanwhile (m3–m5), it starts again on
 * the cache `openCache` gives it, and one more message arrives live (m6). Answers what each run
 * saw and the bot's replies in the chat.
 */
async function restartScenario(openCache: (userId: string) => CacheStore) {
  const alice = await server.user("alice");
  const password = "correct horse battery";
  const username = `hr-bot-${Math.random().toString(36).slice(2, 8)}`;
  const bot = await server.anonymous().register({ username, password, displayName: "HR bot" });
  const { chat } = await alice.api.createDirectChat(bot.user.id);
  const aliceSocket = await alice.connect();
  const say = async (body: string) => {
    await request(aliceSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body });
  };
  const replies = async () =>
    (await alice.api.history(chat.id, { limit: 200 })).messages
      .filter((m) => m.senderId === bot.user.id)
      .map((m) => m.body);

  const first = await runBot({ username, password }, openCache);
  await say("m1");
  await say("m2");
  await until(() => first.seen.length === 2);
  first.client.stop();

  await say("m3");
  await say("m4");
  await say("m5");

  const second = await runBot({ username, password }, openCache);
  await sleep(1_000); // the catch-up after the start
  await say("m6");
  await until(() => second.seen.includes("m6"));
  await sleep(500); // anything duplicated would arrive by now
  const expectedReplies = first.seen.length + second.seen.length;
  for (let i = 0; i < 100 && (await replies()).length < expectedReplies; i++) await sleep(50);
  second.client.stop();
  return { first: first.seen, second: second.seen, replies: await replies() };
}

describe("a bot with the SQLite cache store (@teamchat/sdk/node)", () => {
  it("restarted on the same file, catches up exactly what it missed: no duplicate, no loss", async () => {
    const stores: SqliteCacheStore[] = [];
    const seen = await restartScenario((userId) => {
      // Each run opens the file anew, as a restarted process would; the previous one is closed.
      for (const open of stores.splice(0)) void open.close();
      const store = new SqliteCacheStore(sqliteCacheFile(dir, userId));
      stores.push(store);
      return store;
    });
    expect(seen.first).toEqual(["m1", "m2"]);
    expect(seen.second).toEqual(["m3", "m4", "m5", "m6"]);
    expect(seen.replies).toEqual(["m1", "m2", "m3", "m4", "m5", "m6"].map((b) => `seen: ${b}`));
    for (const open of stores) await open.close();
  });

  it("without a persistent store, the same restart loses what arrived while the bot was down", async () => {
    const seen = await restartScenario(() => new MemoryCacheStore());
    expect(seen.first).toEqual(["m1", "m2"]);
    expect(seen.second).toEqual(["m6"]);
  });
});
