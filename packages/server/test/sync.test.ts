import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, useTestServer } from "./harness.js";

const server = useTestServer();

describe("POST /api/sync", () => {
  it("returns what changed since each cursor, in change order, paged, and nothing for unchanged chats", async () => {
    const [a, b, c] = [await server.user("sy-a"), await server.user("sy-b"), await server.user("sy-c")];
    const ab = (await a.api.createDirectChat(b.id)).chat;
    const ac = (await a.api.createDirectChat(c.id)).chat;
    const socket = await b.connect();
    for (let i = 1; i <= 5; i++) {
      await request(socket, "message:send", { chatId: ab.id, clientId: newClientId(), body: `b${i}` });
    }
    const result = await a.api.sync({
      chats: [
        { chatId: ab.id, since: 2 },
        { chatId: ac.id, since: 0 },
      ],
    });
    const [abChanges, acChanges] = result.chats;
    expect(abChanges?.changes.map((m) => m.body)).toEqual(["b3", "b4", "b5"]);
    expect(abChanges).toMatchObject({ cursor: 5, hasMore: false, removed: false });
    expect(acChanges).toMatchObject({ changes: [], cursor: 0, hasMore: false, removed: false });
    expect((await a.api.chat(ab.id)).changeSeq).toBe(5);
  });

  it("pages large gaps: hasMore until the cursor reaches the head", async () => {
    const [a, b] = [await server.user("sp-a"), await server.user("sp-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const socket = await b.connect();
    await Promise.all(
      Array.from({ length: 230 }, (_, i) =>
        request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: `m${i}` }),
      ),
    );
    const seen: number[] = [];
    let cursor = 0;
    for (let round = 0; round < 5; round++) {
      const [page] = (await a.api.sync({ chats: [{ chatId: chat.id, since: cursor }] })).chats;
      seen.push(...(page?.changes.map((m) => m.changeSeq) ?? []));
      cursor = page?.cursor ?? cursor;
      if (!page?.hasMore) break;
    }
    expect(seen).toEqual(Array.from({ length: 230 }, (_, i) => i + 1));
  });

  it("reports chats the caller does not (or no longer) belong to as removed, leaking nothing", async () => {
    const [a, b, x] = [await server.user("sr-a"), await server.user("sr-b"), await server.user("sr-x")];
    const { chat } = await a.api.createDirectChat(b.id);
    await request(await a.connect(), "message:send", { chatId: chat.id, clientId: newClientId(), body: "private" });
    const [answer] = (await x.api.sync({ chats: [{ chatId: chat.id, since: 0 }] })).chats;
    expect(answer).toEqual({ chatId: chat.id, removed: true, changes: [], cursor: 0, hasMore: false });
  });

  it("refuses malformed cursors", async () => {
    const a = await server.user("sv-a");
    await expect(a.api.sync({ chats: [{ chatId: "nope", since: -1 }] })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });
});
