import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { importJWK, type JWTPayload, jwtVerify } from "jose";

export type ReceivedPush = { path: string; headers: http.IncomingHttpHeaders; body: Buffer };

/**
 * Plays a browser vendor's push service on 127.0.0.1: records every request and answers 201,
 * or the statuses queued for a path with `answer`.
 */
export async function startFakePushService() {
  const received: ReceivedPush[] = [];
  const scripted = new Map<string, number[]>();
  const listeners = new Set<() => void>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(scripted.get(path)?.shift() ?? 201).end();
      for (const listener of listeners) listener();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const requestsTo = (path: string) => received.filter((r) => r.path === path);

  return {
    origin,
    /** A fresh endpoint URL on this service and its path. */
    newEndpoint: () => {
      const path = `/push/${crypto.randomUUID()}`;
      return { endpoint: `${origin}${path}`, path };
    },
    /** The next requests to `path` are answered with these statuses, in order (then 201). */
    answer: (path: string, ...statuses: number[]) => scripted.set(path, statuses),
    requestsTo,
    /** Resolves once `count` requests reached `path`; rejects after `timeoutMs`. */
    waitForRequests: (path: string, count: number, timeoutMs = 10_000): Promise<ReceivedPush[]> =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (requestsTo(path).length < count) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(requestsTo(path));
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`expected ${count} push request(s) to ${path}, got ${requestsTo(path).length}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a browser keeps for a subscription: its P-256 key pair and 16-byte auth secret. */
export function fakeBrowserKeys() {
  const ecdh = crypto.createECDH("prime256v1");
  const userAgentPublic = ecdh.generateKeys();
  const authSecret = crypto.randomBytes(16);
  return {
    keys: { p256dh: userAgentPublic.toString("base64url"), auth: authSecret.toString("base64url") },
    /** Decrypts an aes128gcm push body (RFC 8188 framing, RFC 8291 key derivation). */
    decrypt(body: Buffer): string {
      const salt = body.subarray(0, 16);
      const idLength = body.readUInt8(20);
      const appServerPublic = body.subarray(21, 21 + idLength);
      const record = body.subarray(21 + idLength);
      const ecdhSecret = ecdh.computeSecret(appServerPublic);
      const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), userAgentPublic, appServerPublic]);
      const ikm = Buffer.from(crypto.hkdfSync("sha256", ecdhSecret, authSecret, keyInfo, 32));
      const cek = Buffer.from(crypto.hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
      const nonce = Buffer.from(crypto.hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
      const decipher = crypto.createDecipheriv("aes-128-gcm", cek, nonce);
      decipher.setAuthTag(record.subarray(record.length - 16));
      const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
      // Last record: content, then the 0x02 delimiter, then zero padding.
      let end = padded.length - 1;
      while (end >= 0 && padded[end] === 0) end--;
      if (padded[end] !== 2) throw new Error("missing the 0x02 padding delimiter of a last record");
      return padded.subarray(0, end).toString("utf8");
    },
  };
}

/** Parses `vapid t=<jwt>, k=<key>` and verifies the JWT (ES256) with the key it names. */
export async function verifyVapidHeader(
  authorization: string | undefined,
  audience: string,
): Promise<{ publicKey: string; claims: JWTPayload }> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? "");
  if (!match?.[1] || !match[2]) throw new Error(`not a VAPID authorization header: ${authorization}`);
  const [, token, publicKey] = match;
  const raw = Buffer.from(publicKey, "base64url");
  const key = await importJWK(
    {
      kty: "EC",
      crv: "P-256",
      x: raw.subarray(1, 33).toString("base64url"),
      y: raw.subarray(33, 65).toString("base64url"),
    },
    "ES256",
  );
  const { payload } = await jwtVerify(token, key, { algorithms: ["ES256"], audience });
  return { publicKey, claims: payload };
}
