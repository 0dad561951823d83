import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, useTestServer } from "./harness.js";

const server = useTestServer();

describe("message search", () => {
  it("finds words across my chats only, newest first, optionally within one chat", async () => {
    const [a, b, c] = [await server.user("s-a"), await server.user("s-b"), await server.user("s-c")];
    const ab = (await a.api.createDirectChat(b.id)).chat;
    const bc = (await b.api.createDirectChat(c.id)).chat;
    const group = await a.api.createGroupChat({ name: "g", memberIds: [b.id] });
    const aSocket = await a.connect();
    const bSocket = await b.connect();
    await request(aSocket, "message:send", { chatId: ab.id, clientId: newClientId(), body: "quarterly budget review" });
    await request(aSocket, "message:send", { chatId: group.id, clientId: newClientId(), body: "budget budget budget" });
    await request(bSocket, "message:send", { chatId: bc.id, clientId: newClientId(), body: "budget for b and c" });
    await request(aSocket, "message:send", { chatId: ab.id, clientId: newClientId(), body: "lunch?" });

    const all = await a.api.search("budget");
    expect(all.results.map((r) => r.message.chatId).sort()).toEqual([ab.id, group.id].sort());
    expect(all.results[0]?.message.body).toBe("budget budget budget");
    const inOne = await a.api.search("budget", { chatId: ab.id });
    expect(inOne.results.map((r) => r.message.body)).toEqual(["quarterly budget review"]);
    expect((await c.api.search("budget")).results.map((r) => r.message.body)).toEqual(["budget for b and c"]);
    expect((await a.api.search('"budget review" -lunch')).results).toHaveLength(1);
    expect((await a.api.search("nothing-matches-this")).results).toEqual([]);
  });

  it("a word in most messages returns the newest matches first, from my chats only, without deleted or hidden ones", async () => {
    const [a, b, c] = [await server.user("f-a"), await server.user("f-b"), await server.user("f-c")];
    const ab = (await a.api.createDirectChat(b.id)).chat;
    const group = await a.api.createGroupChat({ name: "standups", memberIds: [b.id] });
    const bc = (await b.api.createDirectChat(c.id)).chat;
    const aSocket = await a.connect();
    const bSocket = await b.connect();
    const sent: { id: string; chatId: string; body: string }[] = [];
    for (let i = 10; i < 40; i++) {
      const chatId = i % 2 === 0 ? ab.id : group.id;
      const ack = await request(aSocket, "message:send", { chatId, clientId: newClientId(), body: `standup ${i}` });
      sent.push(ack.message);
    }
    // Newer matches in a chat a is not in.
    for (let i = 40; i < 45; i++) {
      await request(bSocket, "message:send", { chatId: bc.id, clientId: newClientId(), body: `standup ${i}` });
    }
    const [hidden, deleted] = sent.slice(-2);
    if (!hidden || !deleted) throw new Error("sent");
    await request(aSocket, "message:delete", { chatId: deleted.chatId, messageId: deleted.id });
    await request(aSocket, "message:hide", { chatId: hidden.chatId, messageId: hidden.id });

    // Every body ranks the same, so the newest 20 of the remaining 28 come first, newest first.
    const found = await a.api.search("standup");
    const visible = sent.slice(0, -2).reverse();
    expect(found.results.map((r) => r.message.body)).toEqual(visible.slice(0, 20).map((m) => m.body));
    expect((await a.api.search("standup", { chatId: group.id })).results.map((r) => r.message.body)).toEqual(
      visible.filter((m) => m.chatId === group.id).map((m) => m.body),
    );
    expect((await c.api.search("standup")).results).toHaveLength(5);
  });

  it("pages newest first with a cursor beyond 50, with a snippet of context and no markers", async () => {
    const [a, b] = [await server.user("sp-a"), await server.user("sp-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const socket = await a.connect();
    const long = "word ".repeat(80);
    for (let i = 1; i <= 120; i++) {
      await request(socket, "message:send", {
        chatId: chat.id,
        clientId: newClientId(),
        body: `${long}*batch ${i}* spiked ${long}`,
      });
    }
    await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "unbatchable partial" });
    const seen: string[] = [];
    let cursor: string | undefined;
    const pages: number[] = [];
    do {
      const page = await a.api.search("batch", { limit: 50, ...(cursor && { cursor }) });
      pages.push(page.results.length);
      seen.push(...page.results.map((r) => r.message.id));
      for (const hit of page.results.filter((r) => r.message.body !== "unbatchable partial")) {
        expect(hit.snippet).toMatch(/^….* batch \d+ spiked .*…$/);
        expect(hit.snippet).not.toContain("*");
        expect(hit.snippet?.length).toBeLessThan(220);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([50, 50, 21]);
    expect(new Set(seen).size).toBe(121);
    // Whole-word matches newest first, then the partial match ("unbatchable") though it is newer.
    expect(seen.at(-1)).not.toBe(seen[0]);
    const first = await a.api.search("batch", { limit: 2 });
    expect(first.results.map((r) => r.snippet?.match(/batch \d+/)?.[0])).toEqual(["batch 120", "batch 119"]);
    const tail = await a.api.search("batch", { limit: 50, cursor: "not-a-cursor" }).catch((e: unknown) => e);
    expect(tail).toMatchObject({ code: "VALIDATION_FAILED" });
  });
});
