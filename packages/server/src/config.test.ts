import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("gives a stand-alone default: port 3000, PGlite in ./data, no Redis", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: null, redisUrl: null, dataDir: path.resolve("data") });
  });

  it("admits more events at once on PostgreSQL than on embedded PGlite, unless told", () => {
    expect(loadConfig({}).maxInflightEvents).toBe(600);
    expect(loadConfig({ DATABASE_URL: "postgres://db/chat" }).maxInflightEvents).toBe(2_000);
    expect(loadConfig({ MAX_INFLIGHT_EVENTS: "50" }).maxInflightEvents).toBe(50);
  });

  it("names every invalid variable in one clear error", () => {
    const attempt = () =>
      loadConfig({ PORT: "70000", DATABASE_URL: "mysql://x", JWT_SECRET: "short", LOG_LEVEL: "loud" });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const message = (err as Error).message;
      for (const name of ["PORT", "DATABASE_URL", "JWT_SECRET", "LOG_LEVEL"]) expect(message).toContain(name);
    }
  });

  it("requires JWT_SECRET with PostgreSQL in production (every node must sign alike)", () => {
    expect(() => loadConfig({ NODE_ENV: "production", DATABASE_URL: "postgres://db/chat" })).toThrow(/JWT_SECRET/);
  });

  it("parses origins and secure cookies", () => {
    const config = loadConfig({ ALLOWED_ORIGINS: "https://a.example, https://b.example", NODE_ENV: "production" });
    expect(config.allowedOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(config.cookieSecure).toBe(true);
  });

  it("turns single sign-on on with a key source, and insists on issuer, audience and matching algorithms", () => {
    expect(loadConfig({}).sso).toBeNull();
    const secret = "s".repeat(32);
    const sso = loadConfig({ SSO_JWT_SECRET: secret, SSO_ISSUER: "https://hr", SSO_AUDIENCE: "chat" }).sso;
    expect(sso).toMatchObject({ algorithms: ["HS256"], clockToleranceSeconds: 30, claims: { subject: "sub" } });
    const jwks = loadConfig({ SSO_JWKS_URL: "https://hr/jwks.json", SSO_ISSUER: "i", SSO_AUDIENCE: "a" }).sso;
    expect(jwks?.algorithms).toEqual(["RS256", "ES256"]);
    expect(() => loadConfig({ SSO_JWT_SECRET: secret })).toThrow(/SSO_ISSUER[\s\S]*SSO_AUDIENCE/);
    expect(() =>
      loadConfig({ SSO_JWT_SECRET: secret, SSO_JWKS_URL: "https://hr/j", SSO_ISSUER: "i", SSO_AUDIENCE: "a" }),
    ).toThrow(/not both/);
    // A public key must never be usable as an HMAC secret (algorithm confusion).
    expect(() =>
      loadConfig({ SSO_JWKS_URL: "https://hr/j", SSO_ALGORITHMS: "RS256,HS256", SSO_ISSUER: "i", SSO_AUDIENCE: "a" }),
    ).toThrow(/SSO_ALGORITHMS/);
    expect(() => loadConfig({ ADMIN_API_TOKEN: "short" })).toThrow(/ADMIN_API_TOKEN/);
    expect(() => loadConfig({ ADMIN_API_ACTOR_NAME: "  " })).toThrow(/ADMIN_API_ACTOR_NAME/);
    expect(() => loadConfig({ ADMIN_API_ACTOR_NAME: "x".repeat(65) })).toThrow(/ADMIN_API_ACTOR_NAME/);
    expect(loadConfig({}).adminActorName).toBe("Administrator");
    expect(loadConfig({ ADMIN_API_ACTOR_NAME: " Acme HR " }).adminActorName).toBe("Acme HR");
  });

  it("file settings: 25 MB and every kind by default, local disk under DATA_DIR; S3 needs a bucket", () => {
    const config = loadConfig({ DATA_DIR: "/srv/chat" });
    expect(config.files).toMatchObject({
      maxBytes: 25 * 1024 * 1024,
      allowedKinds: ["image", "pdf", "office", "text", "audio"],
      unattachedTtlMs: 24 * 3_600_000,
      storage: { kind: "local", dir: "/srv/chat/files" },
    });
    expect(loadConfig({ FILE_ALLOWED_KINDS: "image, pdf" }).files.allowedKinds).toEqual(["image", "pdf"]);
    expect(() => loadConfig({ FILE_ALLOWED_KINDS: "image,exe" })).toThrow(/FILE_ALLOWED_KINDS/);
    expect(() => loadConfig({ FILE_STORAGE: "s3" })).toThrow(/S3_BUCKET/);
    const s3 = loadConfig({
      FILE_STORAGE: "s3",
      S3_BUCKET: "chat",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_FORCE_PATH_STYLE: "true",
    });
    expect(s3.files.storage).toMatchObject({
      kind: "s3",
      bucket: "chat",
      endpoint: "http://127.0.0.1:9000",
      forcePathStyle: true,
    });
  });
});
