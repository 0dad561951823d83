import crypto from "node:crypto";
import { ApiClient, type ChatError, memoryCookieJar } from "@teamchat/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { startTestServer, type TestServer } from "./harness.js";
import { HOST, HOST_SECRET, signHs256 } from "./host-tokens.js";

// The production defaults, not the harness's generous ones: the office case must pass as shipped.
const defaults = loadConfig({});
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    SSO_JWT_SECRET: HOST_SECRET,
    SSO_ISSUER: HOST.issuer,
    SSO_AUDIENCE: HOST.audience,
    RATE_LIMIT_AUTH_PER_MINUTE: String(defaults.rateLimits.authPerMinute),
    RATE_LIMIT_SSO_PER_IP_PER_MINUTE: String(defaults.ssoRateLimits.perIpPerMinute),
    RATE_LIMIT_REFRESH_PER_IP_PER_MINUTE: String(defaults.refreshRateLimits.perIpPerMinute),
    RATE_LIMIT_REFRESH_PER_SESSION_PER_MINUTE: String(defaults.refreshRateLimits.perSessionPerMinute),
  });
});
afterAll(() => server.stop());

/** One person's browser: signed on through SSO, its refresh cookie in its own jar. */
async function signedOn(i: number): Promise<ApiClient> {
  const api = new ApiClient({ baseUrl: server.baseUrl, cookieJar: memoryCookieJar() });
  await api.sso(
    await signHs256({ sub: `office-${i}-${crypto.randomBytes(3).toString("hex")}`, name: `Colleague ${i}` }),
  );
  return api;
}

/** Runs `fn` over 0..n-1, `width` at a time. */
async function pool<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

describe("refresh rate limits", () => {
  it("200 sessions behind one address all refresh (beyond the password budget); one session looping is cut off alone", async () => {
    expect(defaults.rateLimits.authPerMinute).toBeLessThan(200);
    const office = await pool(200, 8, signedOn);
    // Everyone's access token runs out in the same minutes: every refresh from the one address passes.
    const outcomes = await pool(200, 8, (i) =>
      (office[i] as ApiClient).refresh().then(
        () => "ok",
        (err: ChatError) => err.code,
      ),
    );
    expect(outcomes.filter((o) => o !== "ok")).toEqual([]);

    // One session refreshing in a loop (its cookie rotates each time; the family stays).
    const looping = office[0] as ApiClient;
    const codes: string[] = [];
    for (let i = 0; i < defaults.refreshRateLimits.perSessionPerMinute + 5; i++) {
      codes.push(
        await looping.refresh().then(
          () => "ok",
          (err: ChatError) => err.code,
        ),
      );
    }
    // It had one refresh above; the rest of its budget passes, then RATE_LIMITED (retryable).
    const allowed = defaults.refreshRateLimits.perSessionPerMinute - 1;
    expect(codes.slice(0, allowed).every((c) => c === "ok")).toBe(true);
    expect(codes.slice(allowed)).toEqual(Array(6).fill("RATE_LIMITED"));
    // The limit is that session's: a colleague on the same address still refreshes, and the
    // looping session's login is not revoked (it refreshes again once its minute is over).
    await (office[1] as ApiClient).refresh();
  });

  it("a garbage or missing cookie is refused as invalid, not counted against anyone's session", async () => {
    const res = await fetch(`${server.baseUrl}/api/auth/refresh`, {
      method: "POST",
      headers: { cookie: `refresh_token=${crypto.randomUUID()}.nope` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "REFRESH_TOKEN_INVALID" } });
  });
});
