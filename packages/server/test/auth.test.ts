import { ApiPath, REFRESH_COOKIE } from "@teamchat/protocol";
import { ApiClient, type ChatError, createSocket, memoryCookieJar } from "@teamchat/sdk";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { useTestServer } from "./harness.js";
import { query } from "./security/attack-kit.js";

const server = useTestServer();

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (err: unknown) => err as ChatError,
  );

function memoryCookieJarWith(cookie: string) {
  const jar = memoryCookieJar();
  jar.set([cookie]);
  return jar;
}

function client() {
  const jar = memoryCookieJar();
  let token: string | null = null;
  const api = new ApiClient({ baseUrl: server.baseUrl, cookieJar: jar, getAccessToken: () => token });
  return { api, jar, setToken: (t: string | null) => (token = t) };
}

describe("register and login", () => {
  it("registers, sets an httpOnly refresh cookie, and the access token works", async () => {
    const res = await fetch(`${server.baseUrl}${ApiPath.register}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "carol-auth", password: "long enough pw", displayName: "Carol" }),
    });
    expect(res.status).toBe(201);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${REFRESH_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const body = (await res.json()) as { data: { accessToken: string; user: { username: string } } };
    expect(body.data.user.username).toBe("carol-auth");
    expect(JSON.stringify(body)).not.toContain("password");
    const me = await fetch(`${server.baseUrl}${ApiPath.me}`, {
      headers: { authorization: `Bearer ${body.data.accessToken}` },
    });
    expect(((await me.json()) as { data: { username: string } }).data.username).toBe("carol-auth");
  });

  it("refuses a taken username", async () => {
    const { api } = client();
    await api.register({ username: "dave-auth", password: "long enough pw", displayName: "Dave" });
    const err = await failure(api.register({ username: "dave-auth", password: "another pw 123", displayName: "D2" }));
    expect(err.code).toBe("USERNAME_TAKEN");
    expect(err.httpStatus).toBe(409);
  });

  it("logs in with the right password and refuses a wrong one or an unknown user alike", async () => {
    const { api } = client();
    await api.register({ username: "erin-auth", password: "right password", displayName: "Erin" });
    const session = await api.login({ username: "erin-auth", password: "right password" });
    expect(session.user.username).toBe("erin-auth");
    const wrong = await failure(api.login({ username: "erin-auth", password: "wrong password" }));
    const unknown = await failure(api.login({ username: "nobody-here", password: "wrong password" }));
    expect(wrong.code).toBe("INVALID_CREDENTIALS");
    expect(unknown.code).toBe("INVALID_CREDENTIALS");
    expect(unknown.message).toBe(wrong.message);
  });

  it("rejects invalid registration bodies with field details", async () => {
    const { api } = client();
    const err = await failure(api.register({ username: "No Spaces!", password: "short", displayName: "" }));
    expect(err.code).toBe("VALIDATION_FAILED");
    expect(err.details?.map((d) => d.path).sort()).toEqual(["body.displayName", "body.password", "body.username"]);
  });
});

describe("refresh tokens", () => {
  it("rotates: each refresh gives a new cookie and the old one stops working", async () => {
    const { api, jar } = client();
    await api.register({ username: "frank-auth", password: "long enough pw", displayName: "Frank" });
    const first = jar.get();
    const refreshed = await api.refresh();
    expect(refreshed.user.username).toBe("frank-auth");
    const second = jar.get();
    expect(second).not.toBe(first);
    await api.refresh(); // the newest cookie keeps working
  });

  it("treats reuse of a rotated token after the grace window as theft and ends the whole session", async () => {
    const { api, jar } = client();
    await api.register({ username: "gina-auth", password: "long enough pw", displayName: "Gina" });
    const stolen = jar.get() ?? "";
    await api.refresh();
    const current = jar.get() ?? "";
    // Age the revocation beyond the grace window, then present the stolen (rotated) token.
    await server.database.exec(
      "UPDATE refresh_tokens SET revoked_at = now() - interval '1 minute' WHERE revoked_at IS NOT NULL",
    );
    const thief = new ApiClient({ baseUrl: server.baseUrl, cookieJar: { get: () => stolen, set: () => {} } });
    expect((await failure(thief.refresh())).code).toBe("REFRESH_TOKEN_INVALID");
    const owner = new ApiClient({ baseUrl: server.baseUrl, cookieJar: { get: () => current, set: () => {} } });
    expect((await failure(owner.refresh())).code).toBe("REFRESH_TOKEN_INVALID");
  });

  it("lets two tabs refresh with the same cookie at once (grace window): both get the same successor", async () => {
    const { api, jar } = client();
    await api.register({ username: "hank-auth", password: "long enough pw", displayName: "Hank" });
    const cookie = jar.get() ?? "";
    const tab = () => {
      const received: string[] = [];
      const tabApi = new ApiClient({
        baseUrl: server.baseUrl,
        cookieJar: { get: () => cookie, set: (headers) => received.push(...headers.map((h) => h.split(";")[0] ?? "")) },
      });
      return { api: tabApi, received };
    };
    const [one, two, late] = [tab(), tab(), tab()];
    const [a, b] = await Promise.all([one.api.refresh(), two.api.refresh()]);
    expect(a.user.id).toBe(b.user.id);
    await late.api.refresh(); // still within the window, one after the other
    expect(one.received).toHaveLength(1);
    expect(two.received).toEqual(one.received);
    expect(late.received).toEqual(one.received);
    // One branch only: the login has exactly one live token, the successor.
    const rows = await query<{ live: number; total: number }>(
      server,
      `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS live, count(*)::int AS total FROM refresh_tokens
       WHERE family_id = (SELECT family_id FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = 'hank-auth' LIMIT 1)`,
    );
    expect(rows).toEqual([{ live: 1, total: 2 }]);
    // The successor goes on working; the first cookie, presented after the window, ends the login.
    const successor = new ApiClient({ baseUrl: server.baseUrl, cookieJar: memoryCookieJarWith(one.received[0] ?? "") });
    await successor.refresh();
    await server.database.exec(
      "UPDATE refresh_tokens SET revoked_at = now() - interval '1 minute' WHERE revoke_reason = 'rotated' AND user_id = (SELECT id FROM users WHERE username = 'hank-auth')",
    );
    expect((await failure(tab().api.refresh())).code).toBe("REFRESH_TOKEN_INVALID");
    expect((await failure(successor.refresh())).code).toBe("REFRESH_TOKEN_INVALID");
  });

  it("logout revokes the refresh token and clears the cookie", async () => {
    const { api, jar } = client();
    await api.register({ username: "ivy-auth", password: "long enough pw", displayName: "Ivy" });
    const cookie = jar.get() ?? "";
    await api.logout();
    expect(jar.get()).toBeNull();
    const again = new ApiClient({ baseUrl: server.baseUrl, cookieJar: { get: () => cookie, set: () => {} } });
    expect((await failure(again.refresh())).code).toBe("REFRESH_TOKEN_INVALID");
  });

  it("refuses a missing or malformed cookie", async () => {
    expect((await failure(server.anonymous().refresh())).code).toBe("REFRESH_TOKEN_INVALID");
    const junk = new ApiClient({
      baseUrl: server.baseUrl,
      cookieJar: { get: () => `${REFRESH_COOKIE}=x.y`, set: () => {} },
    });
    expect((await failure(junk.refresh())).code).toBe("REFRESH_TOKEN_INVALID");
  });
});

describe("access tokens", () => {
  const secret = () => new TextEncoder().encode(server.built.ctx.config.jwtSecret ?? "");

  async function forged(opts: { expired?: boolean; key?: Uint8Array; sub?: string }) {
    const jwt = new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(opts.sub ?? "00000000-0000-4000-8000-000000000000")
      .setIssuer("teamchat")
      .setAudience("teamchat")
      .setIssuedAt();
    jwt.setExpirationTime(opts.expired ? Math.floor(Date.now() / 1000) - 60 : "5m");
    return jwt.sign(opts.key ?? secret());
  }

  it("REST: no token, tampered, wrong key, expired, garbage each get a clear 401 code", async () => {
    const user = await server.user("tok");
    const [h, p, s] = user.session.accessToken.split(".");
    const cases: [string | null, string][] = [
      [null, "UNAUTHENTICATED"],
      [`${h}.${p}x.${s}`, "TOKEN_INVALID"],
      [await forged({ key: new TextEncoder().encode("x".repeat(40)) }), "TOKEN_INVALID"],
      [await forged({ expired: true, sub: user.id }), "TOKEN_EXPIRED"],
      ["not-a-jwt", "TOKEN_INVALID"],
    ];
    for (const [token, code] of cases) {
      const api = new ApiClient({ baseUrl: server.baseUrl, getAccessToken: () => token });
      const err = await failure(api.me());
      expect(err.code, String(token)).toBe(code);
      expect(err.httpStatus).toBe(401);
    }
  });

  it("socket handshake: a bad or expired token is refused with the error code in connect_error", async () => {
    const user = await server.user("socktok");
    for (const [token, code] of [
      [null, "UNAUTHENTICATED"],
      [`${user.session.accessToken}x`, "TOKEN_INVALID"],
      [await forged({ expired: true, sub: user.id }), "TOKEN_EXPIRED"],
    ] as const) {
      const socket = createSocket({ serverUrl: server.baseUrl, getToken: () => token, autoConnect: false });
      const err = await new Promise<Error & { data?: { code: string } }>((resolve) => {
        socket.once("connect_error", resolve);
        socket.connect();
      });
      socket.disconnect();
      expect(err.data?.code).toBe(code);
    }
  });

  it("a valid token for a user that no longer exists is refused", async () => {
    const token = await forged({ sub: "11111111-1111-4111-8111-111111111111" });
    const socket = createSocket({ serverUrl: server.baseUrl, getToken: () => token, autoConnect: false });
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) => {
      socket.once("connect_error", resolve);
      socket.connect();
    });
    socket.disconnect();
    expect(err.data?.code).toBe("UNAUTHENTICATED");
  });
});
