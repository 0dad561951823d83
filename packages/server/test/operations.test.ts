import { PassThrough } from "node:stream";
import { ChatClient, memoryCookieJar, request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, nextEvent, startTestServer } from "./harness.js";

const metricValue = (text: string, line: RegExp) => {
  const found = text.split("\n").find((l) => line.test(l));
  return found ? Number(found.split(" ").pop()) : undefined;
};

describe("operations", () => {
  it("/metrics: loopback only (never through a proxy) or with METRICS_TOKEN; counts sockets, messages, acks, errors", async () => {
    const server = await startTestServer({ METRICS_TOKEN: "a-metrics-token-of-some-length" });
    try {
      const url = `${server.baseUrl}/metrics`;
      expect((await fetch(url)).status).toBe(403);
      expect((await fetch(url, { headers: { authorization: "Bearer wrong-token-wrong-token!" } })).status).toBe(403);
      const scrape = async () => {
        const res = await fetch(url, { headers: { authorization: "Bearer a-metrics-token-of-some-length" } });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toContain("text/plain");
        return res.text();
      };

      const [a, b, stranger] = [await server.user("mt-a"), await server.user("mt-b"), await server.user("mt-s")];
      const { chat } = await a.api.createDirectChat(b.id);
      const socket = await a.connect();
      await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "counted" });
      const strangerSocket = await stranger.connect();
      await expect(
        request(strangerSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "refused" }),
      ).rejects.toMatchObject({ code: "NOT_A_MEMBER" });

      const text = await scrape();
      expect(metricValue(text, /^teamchat_connected_sockets\{/)).toBe(2);
      expect(metricValue(text, /^teamchat_messages_stored_total\{/)).toBe(1);
      expect(metricValue(text, /^teamchat_socket_ack_seconds_count\{.*event="message:send"/)).toBe(2);
      expect(metricValue(text, /^teamchat_socket_event_errors_total\{.*code="NOT_A_MEMBER"/)).toBe(1);
      expect(text).toMatch(/^teamchat_db_pool_connections\{.*state="total"/m);
      expect(metricValue(text, /^teamchat_push_queue_depth\{/)).toBeGreaterThanOrEqual(0);
      expect(text).toMatch(/^teamchat_process_cpu_seconds_total/m);
    } finally {
      await server.stop();
    }
  });

  it("/metrics without a token: direct loopback scrapes only, never a proxied request", async () => {
    const server = await startTestServer();
    try {
      expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(200);
      const proxied = await fetch(`${server.baseUrl}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } });
      expect(proxied.status).toBe(403);
    } finally {
      await server.stop();
    }
  });

  it("logs are JSON with request ids, and hold no password, token, cookie, message body or search term", async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString().split("\n").filter(Boolean)));
    const server = await startTestServer({ LOG_LEVEL: "trace" }, { logStream: stream });
    try {
      const secretBody = `secret-body-${newClientId()}`;
      const searchTerm = `needle${newClientId().slice(0, 8)}`;
      const password = "an-unguessable-password-42";
      const anon = server.anonymous();
      const peer = await server.user("log-peer");
      const registered = await anon.register({
        username: `log-${newClientId().slice(0, 8)}`,
        password,
        displayName: "L",
      });
      const client = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
      await client.login({ username: registered.user.username, password });
      const { chat } = await client.api.createDirectChat(peer.id);
      const res = await fetch(`${server.baseUrl}/api/search?q=${searchTerm}`, {
        headers: { authorization: `Bearer ${client.accessToken}`, "x-request-id": "req-from-the-balancer" },
      });
      expect(res.headers.get("x-request-id")).toBe("req-from-the-balancer");
      const received = nextEvent(await peer.connect(), "message:new", (m) => m.body === secretBody, 10_000);
      await client.sendMessage(chat.id, secretBody);
      await received;
      const clientToken = client.accessToken ?? "";
      client.stop();
      await server.built.close(); // flushes the shutdown lines too

      expect(lines.length).toBeGreaterThan(5);
      const records = lines.map((l) => JSON.parse(l) as { reqId?: string; node?: string });
      expect(records.some((r) => r.reqId === "req-from-the-balancer")).toBe(true);
      expect(records.every((r) => typeof r.node === "string")).toBe(true);
      const all = lines.join("\n");
      const tokens = [registered.accessToken, clientToken, peer.session.accessToken];
      for (const forbidden of [password, secretBody, searchTerm, ...tokens]) {
        expect(forbidden.length).toBeGreaterThan(8);
        expect(all).not.toContain(forbidden);
      }
      expect(all).not.toMatch(/refresh_token=|set-cookie|authorization/i);
    } finally {
      await server.stop().catch(() => {});
    }
  });
});
