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
});
