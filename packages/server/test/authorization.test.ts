import { ApiPath } from "@teamchat/protocol";
import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { collect, newClientId, sleep, useTestServer } from "./harness.js";

const server = useTestServer();

/** A non-member of a chat can do nothing with it and learns nothing from it. */
describe("authorization matrix for a non-member", () => {
  it("cannot send, read history, mark receipts, type, see the chat, or receive its fan-out", async () => {
    const [a, b, intruder] = [await server.user("az-a"), await server.user("az-b"), await server.user("az-x")];
    const { chat } = await a.api.createDirectChat(b.id);
    const group = await a.api.createGroupChat({ name: "private", memberIds: [b.id] });
    const [aSocket, xSocket] = await Promise.all([a.connect(), intruder.connect()]);
    const leaked = [
      collect(xSocket, "message:new"),
      collect(xSocket, "typing:start"),
      collect(xSocket, "message:read"),
      collect(xSocket, "message:delivered"),
    ];
    for (const target of [chat.id, group.id]) {
      await request(aSocket, "message:send", { chatId: target, clientId: newClientId(), body: "secret" });
      await request(aSocket, "typing:start", { chatId: target });

      const attempts: (() => Promise<unknown>)[] = [
        () => request(xSocket, "message:send", { chatId: target, clientId: newClientId(), body: "let me in" }),
        () => request(xSocket, "message:delivered", { chatId: target, upToSeq: 1 }),
        () => request(xSocket, "message:read", { chatId: target, upToSeq: 1 }),
        () => request(xSocket, "typing:start", { chatId: target }),
        () => request(xSocket, "typing:stop", { chatId: target }),
        () => intruder.api.history(target),
        () => intruder.api.chat(target),
      ];
      for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
      expect((await intruder.api.search("secret")).results).toEqual([]);
      expect((await intruder.api.search("secret", { chatId: target })).results).toEqual([]);
    }
    await request(await b.connect(), "message:read", { chatId: chat.id, upToSeq: 1 });
    await sleep(150);
    for (const list of leaked) expect(list).toEqual([]);
    expect(await intruder.api.chats()).toEqual([]);
    expect((await a.api.history(chat.id)).messages.map((m) => m.body)).toEqual(["secret"]);
  });

  it("a chat that does not exist is reported as such", async () => {
    const user = await server.user("az-ghost");
    const missing = "44444444-4444-4444-8444-444444444444";
    await expect(
      request(await user.connect(), "message:send", { chatId: missing, clientId: newClientId(), body: "?" }),
    ).rejects.toMatchObject({ code: "CHAT_NOT_FOUND" });
    await expect(user.api.history(missing)).rejects.toMatchObject({ code: "CHAT_NOT_FOUND" });
  });

  it("every /api route except auth refuses a request without a token", async () => {
    const chatId = "55555555-5555-4555-8555-555555555555";
    const routes: [string, string][] = [
      ["GET", ApiPath.me],
      ["PATCH", ApiPath.me],
      ["PATCH", ApiPath.myPrivacy],
      ["GET", ApiPath.users],
      ["GET", `/api/users/${chatId}`],
      ["GET", ApiPath.chats],
      ["GET", `/api/chats/${chatId}`],
      ["POST", ApiPath.directChat],
      ["POST", ApiPath.groupChat],
      ["GET", `/api/chats/${chatId}/messages`],
      ["GET", `${ApiPath.search}?q=x`],
    ];
    for (const [method, path] of routes) {
      const res = await fetch(`${server.baseUrl}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(await res.json()).toMatchObject({ success: false, error: { code: "UNAUTHENTICATED" } });
    }
  });
});
