import { createSocket, request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { connected, newClientId, startTestServer, useTestServer } from "./harness.js";

const redisUrl = process.env.REDIS_URL;

const server = useTestServer({ RATE_LIMIT_MESSAGES_PER_10S: "5", RATE_LIMIT_AUTH_PER_MINUTE: "4" });

describe("rate limits", () => {
  it("refuses sends over the per-user budget with RATE_LIMITED and a retry delay; nothing extra is stored", async () => {
    const [a, b] = [await server.user("rl-a"), await server.user("rl-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const socket = await a.connect();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: `m${i}` }),
      ),
    );
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(refused).toHaveLength(3);
    for (const err of refused) {
      expect(err).toMatchObject({ code: "RATE_LIMITED", retryable: true });
      expect(err.retryAfterMs).toBeGreaterThan(0);
    }
    expect((await a.api.history(chat.id)).messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    // Another user's budget is untouched.
    const other = await request(await b.connect(), "message:send", {
      chatId: chat.id,
      clientId: newClientId(),
      body: "b",
    });
    expect(other.message.seq).toBe(6);
  });

  it("limits login attempts per client on REST with 429 RATE_LIMITED and Retry-After", async () => {
    const anon = server.anonymous();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${server.baseUrl}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "nobody", password: "wrong-password" }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(await res.json()).toMatchObject({ success: false, error: { code: "RATE_LIMITED" } });
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    expect(anon).toBeDefined();
  });
});

describe.skipIf(!redisUrl)("rate limits shared through Redis (REDIS_URL)", () => {
  it("one budget per user across two nodes", async () => {
    const env = { REDIS_URL: redisUrl ?? "", RATE_LIMIT_MESSAGES_PER_10S: "4" };
    const node1 = await startTestServer(env);
    const node2 = await startTestServer(env, { shareDatabaseWith: node1 });
    try {
      const [a, b] = [await node1.user("rr-a"), await node1.user("rr-b")];
      const { chat } = await a.api.createDirectChat(b.id);
      const onNode1 = await a.connect();
      const token = a.session.accessToken;
      const onNode2 = createSocket({ serverUrl: node2.baseUrl, getToken: () => token, autoConnect: false });
      await connected(onNode2);
      const send = (s: typeof onNode1) =>
        request(s, "message:send", { chatId: chat.id, clientId: newClientId(), body: "x" }).then(
          () => "ok",
          (e: { code: string }) => e.code,
        );
      const outcomes = [await send(onNode1), await send(onNode2), await send(onNode1), await send(onNode2)];
      outcomes.push(await send(onNode1), await send(onNode2));
      onNode2.disconnect();
      expect(outcomes).toEqual(["ok", "ok", "ok", "ok", "RATE_LIMITED", "RATE_LIMITED"]);
    } finally {
      await node2.stop();
      await node1.stop();
    }
  });
});
