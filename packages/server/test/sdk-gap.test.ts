import { ChatClient, memoryCookieJar } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { insertWithNextSeq } from "../src/modules/messages/messages.repo.js";
import { newClientId, useTestServer } from "./harness.js";

const server = useTestServer();

describe("SDK gap repair", () => {
  it("a message stored but never fanned out (its node died) is fetched once a later one shows the gap", async () => {
    const [a, b] = [await server.user("gap-a"), await server.user("gap-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const reader = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    await reader.login({ username: b.username, password: "correct horse battery" });
    await expect.poll(() => reader.connection, { timeout: 10_000 }).toBe("live");
    const sender = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    await sender.login({ username: a.username, password: "correct horse battery" });
    await expect.poll(() => sender.connection, { timeout: 10_000 }).toBe("live");
    try {
      await reader.loadHistory(chat.id, {}); // the chat was opened: its sync cursor is set
      await sender.sendMessage(chat.id, "first");
      await expect.poll(async () => (await reader.cachedMessages(chat.id, { limit: 10 })).length).toBe(1);

      // Stored, then the node "died" before publishing it: nobody hears of it live.
      await insertWithNextSeq(server.database.db, {
        senderId: a.id,
        chatId: chat.id,
        clientId: newClientId(),
        body: "lost",
      });
      await sender.sendMessage(chat.id, "third");

      await expect
        .poll(async () => (await reader.cachedMessages(chat.id, { limit: 10 })).map((m) => m.body), { timeout: 10_000 })
        .toEqual(["first", "lost", "third"]);
    } finally {
      reader.stop();
      sender.stop();
    }
  });

  it("a gap syncs only the gapped chat (its changes after the cursor, its summary), never the chat list", async () => {
    const [a, b, c] = [await server.user("gap1-a"), await server.user("gap1-b"), await server.user("gap1-c")];
    const { chat } = await a.api.createDirectChat(b.id);
    const { chat: quiet } = await c.api.createDirectChat(b.id);
    const reader = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    await reader.login({ username: b.username, password: "correct horse battery" });
    await expect.poll(() => reader.connection, { timeout: 10_000 }).toBe("live");
    const sender = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    await sender.login({ username: a.username, password: "correct horse battery" });
    await expect.poll(() => sender.connection, { timeout: 10_000 }).toBe("live");
    try {
      await reader.loadHistory(chat.id, {});
      await reader.loadHistory(quiet.id, {}); // both chats have a sync cursor
      await sender.sendMessage(chat.id, "first");
      await expect.poll(async () => (await reader.cachedMessages(chat.id, { limit: 10 })).length).toBe(1);
      const unreadEvents: number[] = [];
      reader.on("chat", (summary) => {
        if (summary.id === chat.id) unreadEvents.push(summary.unreadCount);
      });

      // From here, every REST call the reader makes is recorded (the SDK keeps its client private).
      const calls: { name: string; args: unknown[] }[] = [];
      const api = (reader as unknown as { api: Record<string, (...args: unknown[]) => Promise<unknown>> }).api;
      for (const name of ["chats", "chat", "sync"]) {
        const original = api[name]?.bind(api);
        if (!original) throw new Error(`no api.${name}`);
        api[name] = (...args: unknown[]) => {
          calls.push({ name, args });
          return original(...args);
        };
      }
      await insertWithNextSeq(server.database.db, {
        senderId: a.id,
        chatId: chat.id,
        clientId: newClientId(),
        body: "lost",
      });
      await sender.sendMessage(chat.id, "third");

      await expect
        .poll(async () => (await reader.cachedMessages(chat.id, { limit: 10 })).map((m) => m.body), { timeout: 10_000 })
        .toEqual(["first", "lost", "third"]);
      // The summary counts the message that never came live (from the server, not guessed).
      await expect.poll(() => unreadEvents.at(-1), { timeout: 10_000 }).toBe(3);
      expect(calls.filter((call) => call.name === "chats")).toEqual([]);
      const syncs = calls.filter((call) => call.name === "sync").map((call) => call.args[0]);
      expect(syncs).toEqual([{ chats: [{ chatId: chat.id, since: 1 }] }]);
      expect(calls.filter((call) => call.name === "chat").map((call) => call.args[0])).toEqual([chat.id]);
      expect(reader.connection).toBe("live");
    } finally {
      reader.stop();
      sender.stop();
    }
  });
});
