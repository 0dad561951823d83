import { ApiPath, REFRESH_COOKIE } from "@teamchat/protocol";
import { ApiClient, createSocket, memoryCookieJar } from "@teamchat/sdk";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { useTestServer } from "../harness.js";
import { query, rawFetch } from "./attack-kit.js";

/**
 * Forged, altered and stale credentials, on REST (Bearer) and on the socket handshake: each is
 * refused with its typed 401 code, and nothing is served. (Basic cases: ../auth.test.ts.)
 */
const server = useTestServer();

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const secret = () => new TextEncoder().encode(server.built.ctx.config.jwtSecret ?? "");

function sign(
  sub: string,
  opts: { issuer?: string; audience?: string; expiresAt?: number; key?: Uint8Array; alg?: string } = {},
) {
  return new SignJWT({})
    .setProtectedHeader({ alg: opts.alg ?? "HS256" })
    .setSubject(sub)
    .setIssuer(opts.issuer ?? "teamchat")
    .setAudience(opts.audience ?? "teamchat")
    .setIssuedAt()
    .setExpirationTime(opts.expiresAt ?? "5m")
    .sign(opts.key ?? secret());
}

/** Every forgery an attacker holding one valid token (theirs) could try against `victimId`. */
async function forgeries(ownToken: string, victimId: string): Promise<[string, string, string][]> {
  const [header, payload, signature] = ownToken.split(".") as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  return [
    ["alg none", `${b64({ alg: "none", typ: "JWT" })}.${b64({ ...claims, sub: victimId })}.`, "TOKEN_INVALID"],
    [
      "alg none, signature kept",
      `${b64({ alg: "none" })}.${b64({ ...claims, sub: victimId })}.${signature}`,
      "TOKEN_INVALID",
    ],
    ["alg NONE", `${b64({ alg: "NONE" })}.${b64({ ...claims, sub: victimId })}.`, "TOKEN_INVALID"],
    ["HS512 with the right key", await sign(victimId, { alg: "HS512" }), "TOKEN_INVALID"],
    ["wrong key", await sign(victimId, { key: new TextEncoder().encode("k".repeat(48)) }), "TOKEN_INVALID"],
    ["empty key", await sign(victimId, { key: new Uint8Array(32) }), "TOKEN_INVALID"],
    ["expired", await sign(victimId, { expiresAt: now - 5 }), "TOKEN_EXPIRED"],
    ["wrong issuer", await sign(victimId, { issuer: "someone-else" }), "TOKEN_INVALID"],
    ["wrong audience", await sign(victimId, { audience: "another-app" }), "TOKEN_INVALID"],
    ["tampered sub", `${header}.${b64({ ...claims, sub: victimId })}.${signature}`, "TOKEN_INVALID"],
    ["tampered exp", `${header}.${b64({ ...claims, exp: now + 86_400 * 365 })}.${signature}`, "TOKEN_INVALID"],
    ["signature stripped", `${header}.${payload}.`, "TOKEN_INVALID"],
    ["two parts", `${header}.${payload}`, "TOKEN_INVALID"],
    ["huge", `${header}.${"A".repeat(10_000)}.${signature}`, "TOKEN_INVALID"],
  ];
}

describe("forged access tokens", () => {
  it("REST: every forgery gets its typed 401 and no data", async () => {
    const [attacker, victim] = [await server.user("jwt-x"), await server.user("jwt-v")];
    for (const [name, token, code] of await forgeries(attacker.session.accessToken, victim.id)) {
      for (const path of [ApiPath.me, ApiPath.chats]) {
        const res = await rawFetch(server, "GET", path, { token });
        expect(res.status, `${name} ${path}`).toBe(401);
        expect(res.json, `${name} ${path}`).toEqual({ success: false, error: expect.objectContaining({ code }) });
      }
    }
    // Control: the genuine token still works, so the refusals are about the forgeries.
    expect((await rawFetch(server, "GET", ApiPath.me, { token: attacker.session.accessToken })).status).toBe(200);
  });

  it("socket handshake: every forgery is refused with its code in connect_error, no socket opens", async () => {
    const [attacker, victim] = [await server.user("jws-x"), await server.user("jws-v")];
    const cases: [string, unknown, string][] = [
      ...(await forgeries(attacker.session.accessToken, victim.id)),
      ["a number", 42, "UNAUTHENTICATED"],
      ["an object", { sub: victim.id }, "UNAUTHENTICATED"],
      ["an array", [attacker.session.accessToken], "UNAUTHENTICATED"],
    ];
    for (const [name, token, code] of cases) {
      const socket = createSocket({ serverUrl: server.baseUrl, getToken: () => token as string, autoConnect: false });
      const outcome = await new Promise<string>((resolve) => {
        socket.once("connect", () => resolve("connected"));
        socket.once("connect_error", (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? "?"));
        socket.connect();
      });
      socket.disconnect();
      expect(outcome, name).toBe(code);
    }
    expect(server.built.ctx.io.sockets.sockets.size).toBe(0);
  });
});

/** The token id inside a `refresh_token=<id>.<secret>` cookie. */
const tokenId = (cookie: string) => cookie.slice(REFRESH_COOKIE.length + 1).split(".")[0] ?? "";

describe("refresh token theft", () => {
  const withCookie = (cookie: string) =>
    new ApiClient({ baseUrl: server.baseUrl, cookieJar: { get: () => cookie, set: () => {} } });

  it("reuse of a rotated token revokes its whole family, not the user's other logins", async () => {
    const owner = await server.user("rt-owner");
    // A second login of the same user (another device): another family.
    const otherDevice = new ApiClient({ baseUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    await otherDevice.login({ username: owner.username, password: "correct horse battery" });

    const jar = memoryCookieJar();
    const phone = new ApiClient({ baseUrl: server.baseUrl, cookieJar: jar });
    await phone.login({ username: owner.username, password: "correct horse battery" });
    const stolen = jar.get() ?? "";
    await phone.refresh();
    await phone.refresh();
    const current = jar.get() ?? "";
    await server.database.exec(
      "UPDATE refresh_tokens SET revoked_at = now() - interval '1 minute' WHERE revoke_reason = 'rotated'",
    );

    await expect(withCookie(stolen).refresh()).rejects.toMatchObject({ code: "REFRESH_TOKEN_INVALID" });
    await expect(withCookie(current).refresh()).rejects.toMatchObject({ code: "REFRESH_TOKEN_INVALID" });
    await expect(phone.refresh()).rejects.toMatchObject({ code: "REFRESH_TOKEN_INVALID" });
    // Every token of that family is revoked for reuse; the other device's login goes on.
    const family = await query<{ live: number; reuse: number }>(
      server,
      `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS live,
              count(*) FILTER (WHERE revoke_reason = 'reuse')::int AS reuse
         FROM refresh_tokens WHERE family_id = (SELECT family_id FROM refresh_tokens
                                                 WHERE id = '${tokenId(stolen)}')`,
    );
    expect(family).toEqual([{ live: 0, reuse: 1 }]);
    expect((await otherDevice.refresh()).user.id).toBe(owner.id);
  });

  it("a refresh token cannot be forged from its id, used as an access token, or used after expiry", async () => {
    const jar = memoryCookieJar();
    const api = new ApiClient({ baseUrl: server.baseUrl, cookieJar: jar });
    await api.register({ username: `rt-forge-${Date.now()}`, password: "long enough pw", displayName: "F" });
    const cookie = jar.get() ?? "";
    const id = tokenId(cookie);
    const guessed = `${REFRESH_COOKIE}=${id}.${"A".repeat(43)}`;
    await expect(withCookie(guessed).refresh()).rejects.toMatchObject({ code: "REFRESH_TOKEN_INVALID" });
    const asBearer = await rawFetch(server, "GET", ApiPath.me, { token: cookie.slice(REFRESH_COOKIE.length + 1) });
    expect(asBearer.json?.error?.code).toBe("TOKEN_INVALID");
    const cookieInjection = await rawFetch(server, "POST", ApiPath.refresh, {
      headers: { cookie: `${REFRESH_COOKIE}=${id}.x' OR '1'='1` },
    });
    expect(cookieInjection.json?.error?.code).toBe("REFRESH_TOKEN_INVALID");
    await server.database.exec(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE id = '${id}'`);
    await expect(withCookie(cookie).refresh()).rejects.toMatchObject({ code: "REFRESH_TOKEN_INVALID" });
  });
});
