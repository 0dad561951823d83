import { LIMITS } from "@teamchat/protocol";
import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, useTestServer } from "./harness.js";

const server = useTestServer();

describe("socket payload validation", () => {
  it("answers VALIDATION_FAILED for every malformed payload and keeps the socket alive", async () => {
    const [a, b] = [await server.user("val-a"), await server.user("val-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const socket = await a.connect();
    const raw = (event: string, payload: unknown) =>
      new Promise<{ ok: boolean; error?: { code: string; details?: unknown[] } }>((resolve) =>
        (socket.emit as unknown as (e: string, p: unknown, cb: (x: never) => void) => void)(event, payload, resolve),
      );
    const bad: [string, unknown][] = [
      ["message:send", null],
      ["message:send", "just a string"],
      ["message:send", { chatId: chat.id, clientId: newClientId() }],
      ["message:send", { chatId: "not-a-uuid", clientId: newClientId(), body: "x" }],
      ["message:send", { chatId: chat.id, clientId: "short", body: "x" }],
      ["message:send", { chatId: chat.id, clientId: "has spaces in it", body: "x" }],
      ["message:send", { chatId: chat.id, clientId: newClientId(), body: "   " }],
      ["message:send", { chatId: chat.id, clientId: newClientId(), body: "x".repeat(LIMITS.messageBodyMax + 1) }],
      ["message:send", { chatId: chat.id, clientId: newClientId(), body: 42 }],
      ["message:send", { chatId: chat.id, clientId: newClientId(), body: "x", extra: true }],
      ["message:read", { chatId: chat.id, upToSeq: -1 }],
      ["message:read", { chatId: chat.id, upToSeq: 1.5 }],
      ["message:delivered", { chatId: chat.id, upToSeq: "3" }],
      ["typing:start", {}],
      ["presence:query", { userIds: [] }],
      ["presence:query", { userIds: Array.from({ length: LIMITS.presenceQueryMax + 1 }, () => a.id) }],
    ];
    for (const [event, payload] of bad) {
      const answer = await raw(event, payload);
      expect(answer.ok, `${event} ${JSON.stringify(payload)?.slice(0, 80)}`).toBe(false);
      expect(answer.error?.code).toBe("VALIDATION_FAILED");
    }
    // An event without an ack callback or an unknown event is ignored, not fatal.
    const fireAndForget = socket.emit as unknown as (e: string, p: unknown) => void;
    fireAndForget.call(socket, "message:send", { chatId: chat.id });
    fireAndForget.call(socket, "no:such-event", { x: 1 });
    const ok = await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "still fine" });
    expect(ok.message.seq).toBe(1);
    expect((await a.api.history(chat.id)).messages).toHaveLength(1);
  });

  it("a payload over the socket size limit closes only that socket; the server keeps serving", async () => {
    const user = await server.user("val-big");
    const socket = await user.connect();
    const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    (socket.emit as unknown as (e: string, p: unknown) => void)("message:send", { body: "x".repeat(200_000) });
    expect(await closed).toBeTruthy();
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe("REST input validation", () => {
  it("invalid JSON, wrong types, unknown fields, oversized bodies: typed 4xx errors, never 500", async () => {
    const user = await server.user("val-rest");
    const auth = { authorization: `Bearer ${user.session.accessToken}`, "content-type": "application/json" };
    const cases: [string, string, string, number, string][] = [
      ["POST", "/api/chats/group", "{not json", 400, "VALIDATION_FAILED"],
      ["POST", "/api/chats/group", JSON.stringify({ name: 5 }), 400, "VALIDATION_FAILED"],
      ["POST", "/api/chats/direct", JSON.stringify({ userId: "x" }), 400, "VALIDATION_FAILED"],
      ["POST", "/api/chats/direct", JSON.stringify({ userId: user.id, admin: true }), 400, "VALIDATION_FAILED"],
      ["PATCH", "/api/users/me", JSON.stringify({}), 400, "VALIDATION_FAILED"],
      ["PATCH", "/api/users/me", JSON.stringify({ avatarUrl: "javascript:alert(1)" }), 400, "VALIDATION_FAILED"],
      ["GET", "/api/chats/not-a-uuid/messages", "", 400, "VALIDATION_FAILED"],
      ["GET", "/api/search?q=", "", 400, "VALIDATION_FAILED"],
      ["POST", "/api/chats/group", JSON.stringify({ name: "x".repeat(300_000) }), 413, "PAYLOAD_TOO_LARGE"],
      ["GET", "/api/nope", "", 404, "NOT_FOUND"],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: body ? auth : { authorization: auth.authorization },
        ...(body && { body }),
      });
      expect(res.status, `${method} ${path} ${body.slice(0, 40)}`).toBe(status);
      expect(await res.json()).toMatchObject({ success: false, error: { code } });
    }
  });
});
