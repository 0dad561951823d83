import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("gives a stand-alone default: port 3000, PGlite in ./data, no Redis", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: null, redisUrl: null, dataDir: path.resolve("data") });
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
