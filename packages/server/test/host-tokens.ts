import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";

/** What the fake host app puts in its tokens. */
export const HOST = { issuer: "https://hr.example.test", audience: "teamchat" };
export const HOST_SECRET = "host-app-shared-secret-for-tests-0123456789";

type SignOptions = { issuer?: string; audience?: string; expiresIn?: string | number; noExp?: boolean };

export function signHs256(claims: JWTPayload, secret = HOST_SECRET, options: SignOptions = {}): Promise<string> {
  return sign(new SignJWT(claims).setProtectedHeader({ alg: "HS256" }), options).sign(new TextEncoder().encode(secret));
}

function sign(jwt: SignJWT, options: SignOptions): SignJWT {
  jwt
    .setIssuer(options.issuer ?? HOST.issuer)
    .setAudience(options.audience ?? HOST.audience)
    .setIssuedAt();
  if (!options.noExp) jwt.setExpirationTime(options.expiresIn ?? "5m");
  return jwt;
}

/** An unsigned token (`alg: none`), as an attacker would forge it. */
export function unsignedToken(claims: JWTPayload): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: "none", typ: "JWT" })}.${part({ iss: HOST.issuer, aud: HOST.audience, iat: now, exp: now + 300, ...claims })}.`;
}

export type SigningKey = {
  kid: string;
  alg: "RS256" | "ES256";
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
  publicJwk: JWK;
};

export async function newSigningKey(kid: string, alg: "RS256" | "ES256"): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

export function signWithKey(key: SigningKey, claims: JWTPayload, options: SignOptions = {}): Promise<string> {
  return sign(new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid }), options).sign(key.privateKey);
}

/** The host app's JWKS endpoint; `publish` swaps the key set (rotation); counts fetches. */
export async function startJwksServer() {
  let keys: JWK[] = [];
  let fetches = 0;
  const server = http.createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    publish: (next: SigningKey[]) => {
      keys = next.map((k) => k.publicJwk);
    },
    get fetches() {
      return fetches;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
