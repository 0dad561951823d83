import crypto from "node:crypto";
import { ApiClient, type ChatError, createSocket, memoryCookieJar } from "@teamchat/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserByExternalId } from "../src/modules/sso/external-users.js";
import { connected, sleep, startTestServer, type TestServer, useTestServer } from "./harness.js";
import {
  HOST,
  HOST_SECRET,
  newSigningKey,
  type SigningKey,
  signHs256,
  signWithKey,
  startJwksServer,
  unsignedToken,
} from "./host-tokens.js";

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (err: unknown) => err as ChatError,
  );

const hsServer = useTestServer({
  SSO_JWT_SECRET: HOST_SECRET,
  SSO_ISSUER: HOST.issuer,
  SSO_AUDIENCE: HOST.audience,
  SSO_CLAIM_DEPARTMENT: "dept",
});

function client(server: TestServer) {
  let token: string | null = null;
  const api = new ApiClient({ baseUrl: server.baseUrl, cookieJar: memoryCookieJar(), getAccessToken: () => token });
  return { api, setToken: (t: string) => (token = t) };
}

const newSub = () => `emp-${crypto.randomBytes(4).toString("hex")}`;

describe("single sign-on with an HS256 shared secret", () => {
  it("provisions the user on first sight, updates them from claims later, one user per external id", async () => {
    const sub = newSub();
    const { api } = client(hsServer);
    const first = await api.sso(
      await signHs256({ sub, name: "Nadia Haddad", email: "nadia@hr.example.test", dept: "Finance" }),
    );
    expect(first.user.displayName).toBe("Nadia Haddad");
    expect(first.user.username).toBe("nadia");
    expect(first.expiresIn).toBeGreaterThan(0);

    const again = await client(hsServer).api.sso(await signHs256({ sub, name: "Nadia H.", dept: "Sales" }));
    expect(again.user.id).toBe(first.user.id);
    expect(again.user.displayName).toBe("Nadia H.");
    // The claim-named department (SSO_CLAIM_DEPARTMENT=dept) is stored: the admin API finds her by it.
    const row = await findUserByExternalId(hsServer.database.db, sub);
    expect(row).toMatchObject({ id: first.user.id, department: "Sales", email: "nadia@hr.example.test" });
  });

  it("gives our normal session: refresh cookie rotates, our access token works on REST and the socket", async () => {
    const { api, setToken } = client(hsServer);
    const session = await api.sso(await signHs256({ sub: newSub(), name: "Omar" }));
    setToken(session.accessToken);
    expect((await api.me()).id).toBe(session.user.id);
    const refreshed = await api.refresh();
    expect(refreshed.user.id).toBe(session.user.id);
    const socket = createSocket({
      serverUrl: hsServer.baseUrl,
      getToken: () => refreshed.accessToken,
      autoConnect: false,
    });
    await connected(socket);
    socket.disconnect();
  });

  it("never accepts the host's token where ours is expected (one token path)", async () => {
    const hostToken = await signHs256({ sub: newSub(), name: "Eve" });
    const { api, setToken } = client(hsServer);
    setToken(hostToken);
    expect((await failure(api.me())).code).toBe("TOKEN_INVALID");
    const socket = createSocket({ serverUrl: hsServer.baseUrl, getToken: () => hostToken, autoConnect: false });
    const err = await connected(socket).then(
      () => null,
      (e: Error & { data?: { code: string } }) => e,
    );
    socket.disconnect();
    expect(err?.data?.code).toBe("TOKEN_INVALID");
  });

  it("refuses forged, expired and misdirected tokens", async () => {
    const sub = newSub();
    const { api } = client(hsServer);
    const cases: [string, Promise<string> | string, string][] = [
      ["wrong key", signHs256({ sub }, "another-secret-that-is-long-enough-0123456789"), "SSO_TOKEN_INVALID"],
      ["alg none", unsignedToken({ sub }), "SSO_TOKEN_INVALID"],
      [
        "expired",
        signHs256({ sub }, HOST_SECRET, { expiresIn: Math.floor(Date.now() / 1000) - 120 }),
        "SSO_TOKEN_EXPIRED",
      ],
      ["wrong issuer", signHs256({ sub }, HOST_SECRET, { issuer: "https://evil.example" }), "SSO_TOKEN_INVALID"],
      ["wrong audience", signHs256({ sub }, HOST_SECRET, { audience: "other-app" }), "SSO_TOKEN_INVALID"],
      ["no expiry", signHs256({ sub }, HOST_SECRET, { noExp: true }), "SSO_TOKEN_INVALID"],
      ["no subject", signHs256({ name: "Nobody" }), "SSO_TOKEN_INVALID"],
      ["garbage", "not.a.jwt", "SSO_TOKEN_INVALID"],
    ];
    for (const [what, token, code] of cases) {
      const err = await failure(api.sso(await token));
      expect(`${what}: ${err.code} ${err.httpStatus}`).toBe(`${what}: ${code} 401`);
    }
  });

  it("tolerates a small clock skew (exp just passed, within SSO_CLOCK_TOLERANCE_SECONDS)", async () => {
    const token = await signHs256({ sub: newSub() }, HOST_SECRET, { expiresIn: Math.floor(Date.now() / 1000) - 5 });
    expect((await client(hsServer).api.sso(token)).user.id).toBeTruthy();
  });
});

describe("single sign-on with the host's JWKS (RS256 / ES256)", () => {
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let server: TestServer;
  let rsa: SigningKey;
  let ec: SigningKey;

  beforeAll(async () => {
    jwks = await startJwksServer();
    rsa = await newSigningKey("rsa-1", "RS256");
    ec = await newSigningKey("ec-1", "ES256");
    jwks.publish([rsa, ec]);
    server = await startTestServer({ SSO_JWKS_URL: jwks.url, SSO_ISSUER: HOST.issuer, SSO_AUDIENCE: HOST.audience });
  });
  afterAll(async () => {
    await server?.stop();
    await jwks?.close();
  });

  it("accepts RS256 and ES256 tokens whose kid is published, fetching the key set once (cached)", async () => {
    const before = jwks.fetches;
    const a = await client(server).api.sso(await signWithKey(rsa, { sub: newSub(), name: "Rita" }));
    const b = await client(server).api.sso(await signWithKey(ec, { sub: newSub(), name: "Eli" }));
    await client(server).api.sso(await signWithKey(rsa, { sub: newSub(), name: "Rita 2" }));
    expect(a.user.displayName).toBe("Rita");
    expect(b.user.displayName).toBe("Eli");
    expect(jwks.fetches - before).toBeLessThanOrEqual(1);
  });

  it("refuses an unknown kid, a key not in the set, HS256 signed with the public key, and alg none", async () => {
    const api = client(server).api;
    const stranger = await newSigningKey("rsa-1", "RS256"); // same kid, different key
    const unknown = await newSigningKey("nobody", "ES256");
    const publicKeyAsSecret = JSON.stringify(rsa.publicJwk);
    for (const token of [
      await signWithKey(unknown, { sub: newSub() }),
      await signWithKey(stranger, { sub: newSub() }),
      await signHs256({ sub: newSub() }, publicKeyAsSecret),
      unsignedToken({ sub: newSub() }),
    ]) {
      expect((await failure(api.sso(token))).code).toBe("SSO_TOKEN_INVALID");
    }
  });

  it("follows a key rotation: a token with the new kid makes the server refetch the key set", async () => {
    const next = await newSigningKey("rsa-2", "RS256");
    jwks.publish([next]); // the host rotates: old key withdrawn, new key published
    await sleep(5_500); // past the refetch cooldown that protects the host from fetch storms
    const session = await client(server).api.sso(await signWithKey(next, { sub: newSub(), name: "Rotated" }));
    expect(session.user.displayName).toBe("Rotated");
  });
});

describe("stand-alone accounts next to SSO", () => {
  it("without SSO configured, the exchange answers SSO_NOT_CONFIGURED and registration works", async () => {
    const server = await startTestServer();
    try {
      const api = new ApiClient({ baseUrl: server.baseUrl, cookieJar: memoryCookieJar() });
      expect((await failure(api.sso(await signHs256({ sub: "x" })))).code).toBe("SSO_NOT_CONFIGURED");
      const user = await server.user("standalone");
      expect(user.session.user.displayName).toBe("standalone");
    } finally {
      await server.stop();
    }
  });

  it("ALLOW_REGISTRATION=false closes registration; sign-on still works", async () => {
    const server = await startTestServer({
      SSO_JWT_SECRET: HOST_SECRET,
      SSO_ISSUER: HOST.issuer,
      SSO_AUDIENCE: HOST.audience,
      ALLOW_REGISTRATION: "false",
    });
    try {
      const api = new ApiClient({ baseUrl: server.baseUrl, cookieJar: memoryCookieJar() });
      const err = await failure(api.register({ username: "newbie", password: "long enough pw", displayName: "N" }));
      expect([err.code, err.httpStatus]).toEqual(["REGISTRATION_DISABLED", 403]);
      expect((await api.sso(await signHs256({ sub: newSub(), name: "Via SSO" }))).user.displayName).toBe("Via SSO");
    } finally {
      await server.stop();
    }
  });
});

describe("SSO rate limits", () => {
  it("an office behind one address signs on beyond the password budget; one person is limited on their own", async () => {
    const server = await startTestServer({
      SSO_JWT_SECRET: HOST_SECRET,
      SSO_ISSUER: HOST.issuer,
      SSO_AUDIENCE: HOST.audience,
      RATE_LIMIT_AUTH_PER_MINUTE: "20",
      RATE_LIMIT_SSO_PER_IP_PER_MINUTE: "600",
      RATE_LIMIT_SSO_PER_USER_PER_MINUTE: "3",
    });
    try {
      // 30 colleagues from one address in a minute: more than the 20 password sign-ins allowed.
      for (let i = 0; i < 30; i++) {
        const { api } = client(server);
        await api.sso(await signHs256({ sub: newSub(), name: `Colleague ${i}` }));
      }
      // One person signing on again and again: their own budget runs out, nobody else's.
      const sub = newSub();
      for (let i = 0; i < 3; i++) await client(server).api.sso(await signHs256({ sub, name: "Busy" }));
      const refused = await failure(client(server).api.sso(await signHs256({ sub, name: "Busy" })));
      expect(refused.code).toBe("RATE_LIMITED");
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      await client(server).api.sso(await signHs256({ sub: newSub(), name: "Someone else" }));
    } finally {
      await server.stop();
    }
  });
});
