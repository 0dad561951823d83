import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, useTestServer } from "./harness.js";

const server = useTestServer();

describe("message search", () => {
  it("finds words across my chats only, best match first, optionally within one chat", async () => {
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
});
