import { errorBodySchema } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import { ApiClient, errorBodyOf, memoryCookieJar } from "./api-client.js";
import { ChatError } from "./errors.js";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("ApiClient", () => {
  it("unwraps success, sends the bearer token, and builds paths and queries", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const api = new ApiClient({
      baseUrl: "http://chat.test",
      getAccessToken: () => "tok",
      fetch: async (url, init) => {
        calls.push({ url: String(url), init: init ?? {} });
        return json(200, { success: true, data: { messages: [], hasMore: false, lastSeq: 0, changeSeq: 0 } });
      },
    });
    const page = await api.history("7d2c1a4e-5b6f-4c3d-8e9f-0a1b2c3d4e5f", { before: 10, limit: 5 });
    expect(page.hasMore).toBe(false);
    expect(calls[0]?.url).toBe(
      "http://chat.test/api/chats/7d2c1a4e-5b6f-4c3d-8e9f-0a1b2c3d4e5f/messages?before=10&limit=5",
    );
    expect((calls[0]?.init.headers as Record<string, string> | undefined)?.authorization).toBe("Bearer tok");
  });

  it("turns an error envelope into a ChatError with code and retryability", async () => {
    const api = new ApiClient({
      baseUrl: "http://chat.test",
      fetch: async () =>
        json(429, { success: false, error: { code: "RATE_LIMITED", message: "slow", retryAfterMs: 900 } }),
    });
    const err = await api.chats().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({ code: "RATE_LIMITED", retryable: true, retryAfterMs: 900, httpStatus: 429 });
  });

  it("reports an unreachable server as retryable UNAVAILABLE, and a non-JSON 502 as INTERNAL", async () => {
    const down = new ApiClient({
      baseUrl: "http://chat.test",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    await expect(down.me()).rejects.toMatchObject({ code: "UNAVAILABLE", retryable: true });
    const proxy = new ApiClient({
      baseUrl: "http://chat.test",
      fetch: async () => new Response("<html>", { status: 502 }),
    });
    await expect(proxy.me()).rejects.toMatchObject({ code: "INTERNAL", httpStatus: 502 });
  });
});

describe("memoryCookieJar", () => {
  it("stores, replaces and clears cookies from Set-Cookie headers", () => {
    const jar = memoryCookieJar();
    jar.set(["refresh_token=a.b; Path=/api/auth; HttpOnly", "other=1"]);
    expect(jar.get()).toBe("refresh_token=a.b; other=1");
    jar.set(["refresh_token=c.d; Path=/api/auth"]);
    expect(jar.get()).toBe("refresh_token=c.d; other=1");
    jar.set(["refresh_token=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "other="]);
    expect(jar.get()).toBeNull();
  });

  it("reads an error body as the protocol's schema does (checked by hand: no zod in the web bundle)", () => {
    const bodies: unknown[] = [
      { code: "RATE_LIMITED", message: "slow", retryAfterMs: 900 },
      { code: "VALIDATION_FAILED", message: "bad", details: [{ path: "body.text", message: "too long" }] },
      { code: "NOT_A_CODE", message: "x" },
      { code: "INTERNAL" },
      { code: "INTERNAL", message: 5 },
      { code: "INTERNAL", message: "m", extra: true },
      { code: "RATE_LIMITED", message: "slow", retryAfterMs: -1 },
      { code: "RATE_LIMITED", message: "slow", retryAfterMs: 1.5 },
      { code: "VALIDATION_FAILED", message: "bad", details: [{ path: "p" }] },
      { code: "VALIDATION_FAILED", message: "bad", details: "p" },
      { code: "VALIDATION_FAILED", message: "bad", details: [{ path: "p", message: "m", more: 1 }] },
      "INTERNAL",
      null,
      [],
    ];
    for (const body of bodies) {
      const parsed = errorBodySchema.safeParse(body);
      expect(errorBodyOf(body), JSON.stringify(body)).toEqual(parsed.success ? parsed.data : null);
    }
  });
});
