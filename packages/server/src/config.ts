import os from "node:os";
import path from "node:path";
import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const positiveInt = z.coerce.number().int().positive();

/** Every setting comes from the environment and is validated at start; see README for the list. */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  /** PostgreSQL connection string; unset → embedded PGlite in DATA_DIR/db. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Redis: rooms, presence, rate limits and jobs shared by every node; unset → in-memory, single node. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  DATABASE_POOL_SIZE: positiveInt.max(200).default(10),
  /** HS256 signing secret for access tokens; required with DATABASE_URL so every node agrees. */
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt.max(365).default(30),
  /** Comma-separated browser origins allowed for CORS and websockets besides the server's own. */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  COOKIE_SECURE: bool.optional(),
  TRUST_PROXY: bool.default(false),
  RATE_LIMIT_HTTP_PER_MINUTE: positiveInt.default(600),
  RATE_LIMIT_AUTH_PER_MINUTE: positiveInt.default(20),
  RATE_LIMIT_MESSAGES_PER_10S: positiveInt.default(50),
  /**
   * Socket events being processed at once on this node before new ones are refused with the
   * retryable UNAVAILABLE (clients back off and resend): a bounded queue keeps latency bounded.
   * Default: 300 on embedded PGlite (it shares the event loop), 2000 on PostgreSQL.
   */
  MAX_INFLIGHT_EVENTS: positiveInt.max(100_000).optional(),
  /** How long after sending the sender may edit a message. */
  MESSAGE_EDIT_WINDOW_SECONDS: positiveInt.default(900),
  /** How long after sending the sender may delete a message for everyone (group admins: always). */
  MESSAGE_DELETE_WINDOW_SECONDS: positiveInt.default(3600),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WEB_DIST_DIR: z.string().optional(),
  // --- Web Push (modules/push) ---
  /** VAPID key pair (base64url); unset → generated once into DATA_DIR/vapid.json. */
  VAPID_PUBLIC_KEY: base64UrlBytes(65, "an uncompressed P-256 public key (65 bytes)").optional(),
  VAPID_PRIVATE_KEY: base64UrlBytes(32, "a P-256 private key (32 bytes)").optional(),
  /** Contact the push services may use: mailto: or https: URL. */
  VAPID_SUBJECT: z.url({ protocol: /^(mailto|https)$/ }).default("mailto:admin@localhost"),
  /** BullMQ queue name; give each installation its own when several share one Redis. */
  PUSH_QUEUE_NAME: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .default("teamchat-push"),
  // --- Scale-out and operations ---
  /** Prefix of every Redis key, stream and channel; distinct per installation sharing a Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/)
    .default("teamchat:"),
  /** How long a crashed node's sockets keep their users "online" (Redis presence). */
  PRESENCE_TTL_SECONDS: positiveInt.max(3600).default(30),
  /** Name of this node in logs and presence entries; default host name and pid. */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
  /** Bearer token for GET /metrics; unset → /metrics answers only direct loopback requests. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /** How long shutdown waits for in-flight writes before closing the database. */
  SHUTDOWN_DRAIN_SECONDS: positiveInt.max(300).default(10),
});

/** A base64url string (no padding) that decodes to exactly `bytes` bytes. */
function base64UrlBytes(bytes: number, what: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "must be base64url without padding")
    .refine((v) => Buffer.from(v, "base64url").length === bytes, `must be ${what}, base64url-encoded`);
}

export type Config = {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  databasePoolSize: number;
  redisUrl: string | null;
  jwtSecret: string | null;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  allowedOrigins: string[];
  cookieSecure: boolean;
  trustProxy: boolean;
  rateLimits: { httpPerMinute: number; authPerMinute: number; messagesPer10s: number };
  maxInflightEvents: number;
  messageWindows: { editSeconds: number; deleteSeconds: number };
  logLevel: string;
  webDistDir: string | null;
  /** Keys null → generated into DATA_DIR (see modules/push/vapid-keys.ts). */
  vapid: { publicKey: string | null; privateKey: string | null; subject: string };
  pushQueueName: string;
  redisKeyPrefix: string;
  presenceTtlMs: number;
  nodeId: string;
  metricsToken: string | null;
  shutdownDrainMs: number;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.JWT_SECRET && e.NODE_ENV === "production") {
    throw new ConfigError("Invalid configuration:\n  JWT_SECRET: required when DATABASE_URL is set in production");
  }
  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY)) {
    throw new ConfigError("Invalid configuration:\n  VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both or neither");
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL ?? null,
    jwtSecret: e.JWT_SECRET ?? null,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    allowedOrigins: e.ALLOWED_ORIGINS,
    cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === "production",
    trustProxy: e.TRUST_PROXY,
    rateLimits: {
      httpPerMinute: e.RATE_LIMIT_HTTP_PER_MINUTE,
      authPerMinute: e.RATE_LIMIT_AUTH_PER_MINUTE,
      messagesPer10s: e.RATE_LIMIT_MESSAGES_PER_10S,
    },
    messageWindows: {
      editSeconds: e.MESSAGE_EDIT_WINDOW_SECONDS,
      deleteSeconds: e.MESSAGE_DELETE_WINDOW_SECONDS,
    },
    maxInflightEvents: e.MAX_INFLIGHT_EVENTS ?? (e.DATABASE_URL ? 2_000 : 300),
    logLevel: e.LOG_LEVEL,
    webDistDir: e.WEB_DIST_DIR ?? null,
    vapid: {
      publicKey: e.VAPID_PUBLIC_KEY ?? null,
      privateKey: e.VAPID_PRIVATE_KEY ?? null,
      subject: e.VAPID_SUBJECT,
    },
    pushQueueName: e.PUSH_QUEUE_NAME,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    presenceTtlMs: e.PRESENCE_TTL_SECONDS * 1000,
    nodeId: e.NODE_ID ?? `${os.hostname()}-${process.pid}`,
    metricsToken: e.METRICS_TOKEN ?? null,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_SECONDS * 1000,
  };
}
