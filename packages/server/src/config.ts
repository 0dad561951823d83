import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { type LinkPreviewConfig, linkPreviewConfig, linkPreviewEnv } from "./modules/link-previews/preview-config.js";

/** Families of files that can be allowed or refused as a whole (see modules/files/file-kinds.ts). */
export const FILE_KIND_GROUPS = ["image", "pdf", "office", "text", "audio"] as const;
export type FileKindGroup = (typeof FILE_KIND_GROUPS)[number];

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
  /** Where embedded PGlite runs: a worker thread (default; queries never block sockets) or "main". */
  PGLITE_THREAD: z.enum(["worker", "main"]).default("worker"),
  /** PGlite's buffer pool (PostgreSQL's shared_buffers) in MB; PGlite's own default is 128. */
  PGLITE_SHARED_BUFFERS_MB: positiveInt.max(4_096).default(32),
  /**
   * PGlite's commits synced to disk (fsync), as PostgreSQL's are. false: a power cut or a kernel
   * crash can lose acknowledged messages (a killed process still loses none); throwaway data only.
   */
  PGLITE_FSYNC: bool.default(true),
  /**
   * The PGlite worker thread's V8 young generation in MB (0: V8's default, 48 on 64-bit). Its
   * garbage is short-lived query results; a small nursery is collected more often, cheaply.
   */
  PGLITE_WORKER_YOUNG_GENERATION_MB: z.coerce.number().int().min(0).max(1_024).default(16),
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
   * Default: 600 on embedded PGlite, about 300 ms of its work at its ~2,000 sends/s (a refused
   * send is resent after 1 s, so queueing that long is still sooner; 300 turned 0.5 % of a
   * 2,000 msg/s load away in its first seconds), 2000 on PostgreSQL.
   */
  MAX_INFLIGHT_EVENTS: positiveInt.max(100_000).optional(),
  /**
   * WebSocket compression (permessage-deflate) of frames over 1 KB. Off by default: chat frames
   * are mostly smaller, and each compressing socket holds its own zlib state (docs/benchmarks.md).
   */
  WS_PER_MESSAGE_DEFLATE: bool.default(false),
  /** A connection's packets of one event-loop turn in one write (realtime/coalesced-writes.ts); false: one write per packet. */
  WS_COALESCE_WRITES: bool.default(true),
  /**
   * How many of one socket's plain sends may wait for the same commit (queued in the send
   * batcher in emission order) before the next waits; 1: each send waits for the previous commit.
   */
  SEND_PIPELINE_DEPTH: positiveInt.max(256).default(16),
  /** How long the first send of a group commit waits for others (ms); longer: larger batches, slower acks. */
  SEND_BATCH_WINDOW_MS: positiveInt.max(1_000).default(1),
  /**
   * The send batch as a prepared statement (parsed and planned once). false: parsed and planned
   * per batch, as before; only for comparing the two in a benchmark (docs/benchmarks.md).
   */
  SEND_BATCH_PREPARED: bool.default(true),
  /**
   * A batch of one send through the prepared single-send statement (cheaper than the batch's).
   * false: through the batch statement; only for comparing the two in a benchmark.
   */
  SEND_ONE_ALONE: bool.default(true),
  /** How long read marks are merged before one statement writes them (ms); the ack waits as long. */
  READ_BATCH_WINDOW_MS: positiveInt.max(1_000).default(50),
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
  // --- Disappearing messages (modules/messages/expiry-sweeper.ts) ---
  /** How often the server erases expired disappearing messages. */
  DISAPPEARING_SWEEP_INTERVAL_MS: positiveInt.min(100).max(3_600_000).default(30_000),
  /**
   * TEST ONLY (refused in production): every disappearing timer lasts this many seconds instead
   * of the chosen 24 h / 7 d / 90 d, so browser tests can watch a message expire.
   */
  DISAPPEARING_TEST_SECONDS: positiveInt.max(3_600).optional(),
  PUSH_QUEUE_NAME: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .default("teamchat-push"),
  // --- Files (modules/files) ---
  /** Largest upload in bytes, enforced while the upload streams in. */
  FILE_MAX_BYTES: positiveInt.max(2 ** 40).default(25 * 1024 * 1024),
  /** Comma-separated kinds people may share: image, pdf, office, text, audio. */
  FILE_ALLOWED_KINDS: z
    .string()
    .default(FILE_KIND_GROUPS.join(","))
    .transform((s) =>
      s
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(FILE_KIND_GROUPS)).min(1)),
  /** Hours an uploaded file may stay unattached to any message before the sweep deletes it. */
  FILE_UNATTACHED_TTL_HOURS: positiveInt.max(24 * 365).default(24),
  /** Where file bytes go: `local` (DATA_DIR/files) or `s3` (the S3_* variables). */
  FILE_STORAGE: z.enum(["local", "s3"]).default("local"),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  /** S3-compatible endpoint (MinIO, Ceph, R2…); unset → AWS. */
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (bucket in the path), which most S3-compatible servers need. */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Key prefix inside the bucket, to share one bucket between installations. */
  S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9/_-]*$/)
    .default(""),
  // --- Link previews (modules/link-previews/preview-config.ts) ---
  ...linkPreviewEnv,
  // --- Single sign-on with the host app's JWTs (modules/sso) ---
  /** HS256 secret shared with the host app (≥ 32 chars); or SSO_JWKS_URL, not both. */
  SSO_JWT_SECRET: z.string().min(32, "SSO_JWT_SECRET must be at least 32 characters").optional(),
  /** The host's JSON Web Key Set (RS256/ES256 public keys, cached, refetched on an unknown kid). */
  SSO_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  SSO_ALGORITHMS: z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"])))
    .optional(),
  SSO_ISSUER: z.string().min(1).optional(),
  SSO_AUDIENCE: z.string().min(1).optional(),
  SSO_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  SSO_JWKS_CACHE_SECONDS: positiveInt.max(86_400).default(600),
  SSO_CLAIM_SUBJECT: z.string().min(1).default("sub"),
  SSO_CLAIM_NAME: z.string().min(1).default("name"),
  SSO_CLAIM_EMAIL: z.string().min(1).default("email"),
  SSO_CLAIM_AVATAR: z.string().min(1).default("picture"),
  SSO_CLAIM_DEPARTMENT: z.string().min(1).default("department"),
  SSO_CLAIM_USERNAME: z.string().min(1).default("preferred_username"),
  /** Stand-alone registration (username + password); turn off when everyone comes through SSO. */
  ALLOW_REGISTRATION: bool.default(true),
  /** Service token of the admin API (≥ 32 chars); unset → the admin API answers 404. */
  ADMIN_API_TOKEN: z.string().min(32, "ADMIN_API_TOKEN must be at least 32 characters").optional(),
  RATE_LIMIT_ADMIN_PER_MINUTE: positiveInt.default(300),
  /** The host app's name in the notices of changes it makes through the admin API ("added by Acme HR"). */
  ADMIN_API_ACTOR_NAME: z
    .string()
    .trim()
    .min(1, "ADMIN_API_ACTOR_NAME must not be empty")
    .max(64, "ADMIN_API_ACTOR_NAME must be at most 64 characters")
    .regex(/^[^\p{Cc}]+$/u, "ADMIN_API_ACTOR_NAME must not contain control characters")
    .default("Administrator"),
  /**
   * SSO sign-ons per client address: a whole office behind one NAT signs on in the same minutes
   * of a morning, so far above the password budget (RATE_LIMIT_AUTH_PER_MINUTE); a token is
   * verified before anything is written, and each person has their own budget below.
   */
  RATE_LIMIT_SSO_PER_IP_PER_MINUTE: positiveInt.default(600),
  /** SSO sign-ons per host identity (the token's verified `sub`), across addresses and nodes. */
  RATE_LIMIT_SSO_PER_USER_PER_MINUTE: positiveInt.default(10),
  /**
   * Session refreshes per client address: a ceiling only. Hundreds of people behind one office
   * NAT each refresh every few minutes (and on every reconnect), so this is far above the
   * password budget (RATE_LIMIT_AUTH_PER_MINUTE); the real limit is per session, below.
   */
  RATE_LIMIT_REFRESH_PER_IP_PER_MINUTE: positiveInt.default(3000),
  /**
   * Refreshes per session (refresh-token family: one sign-in on one device, its tabs sharing the
   * cookie), across addresses and nodes. A client refreshes every few minutes; a loop is cut off.
   */
  RATE_LIMIT_REFRESH_PER_SESSION_PER_MINUTE: positiveInt.default(20),
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

export type S3StorageConfig = {
  kind: "s3";
  bucket: string;
  region: string;
  endpoint: string | null;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  forcePathStyle: boolean;
  prefix: string;
};

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
  pgliteThread: "worker" | "main";
  pgliteSharedBuffersMb: number;
  pgliteFsync: boolean;
  pgliteWorkerYoungGenerationMb: number;
  redisUrl: string | null;
  jwtSecret: string | null;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  allowedOrigins: string[];
  cookieSecure: boolean;
  trustProxy: boolean;
  rateLimits: { httpPerMinute: number; authPerMinute: number; messagesPer10s: number };
  maxInflightEvents: number;
  sendPipelineDepth: number;
  wsPerMessageDeflate: boolean;
  wsCoalesceWrites: boolean;
  sendBatchWindowMs: number;
  sendBatchPrepared: boolean;
  sendOneAlone: boolean;
  readBatchWindowMs: number;
  messageWindows: { editSeconds: number; deleteSeconds: number };
  logLevel: string;
  webDistDir: string | null;
  /** Keys null → generated into DATA_DIR (see modules/push/vapid-keys.ts). */
  vapid: { publicKey: string | null; privateKey: string | null; subject: string };
  pushQueueName: string;
  disappearing: { sweepIntervalMs: number; testSeconds: number | null };
  files: {
    maxBytes: number;
    allowedKinds: FileKindGroup[];
    unattachedTtlMs: number;
    storage: { kind: "local"; dir: string } | S3StorageConfig;
  };
  linkPreviews: LinkPreviewConfig;
  /** Null when single sign-on is off. */
  sso: SsoConfig | null;
  allowRegistration: boolean;
  /** Null when the admin API is off. */
  adminApiToken: string | null;
  adminRateLimitPerMinute: number;
  /** ADMIN_API_ACTOR_NAME: how notices name the host app. */
  adminActorName: string;
  ssoRateLimits: { perIpPerMinute: number; perUserPerMinute: number };
  refreshRateLimits: { perIpPerMinute: number; perSessionPerMinute: number };
  redisKeyPrefix: string;
  presenceTtlMs: number;
  nodeId: string;
  metricsToken: string | null;
  shutdownDrainMs: number;
};

export type SsoConfig = {
  key: { kind: "secret"; secret: string } | { kind: "jwks"; url: string; cacheMaxAgeSeconds: number };
  algorithms: string[];
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  claims: { subject: string; name: string; email: string; avatar: string; department: string; username: string };
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
  if (e.DISAPPEARING_TEST_SECONDS !== undefined && e.NODE_ENV === "production") {
    throw new ConfigError("Invalid configuration:\n  DISAPPEARING_TEST_SECONDS: for tests only, not in production");
  }
  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY)) {
    throw new ConfigError("Invalid configuration:\n  VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both or neither");
  }
  if (e.LINK_PREVIEW_TEST_DNS.length > 0 && e.NODE_ENV === "production") {
    throw new ConfigError("Invalid configuration:\n  LINK_PREVIEW_TEST_DNS: for tests only, not in production");
  }
  if (e.FILE_STORAGE === "s3" && !e.S3_BUCKET) {
    throw new ConfigError("Invalid configuration:\n  S3_BUCKET: required when FILE_STORAGE=s3");
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const sso = ssoConfig(e);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    pgliteThread: e.PGLITE_THREAD,
    pgliteSharedBuffersMb: e.PGLITE_SHARED_BUFFERS_MB,
    pgliteFsync: e.PGLITE_FSYNC,
    pgliteWorkerYoungGenerationMb: e.PGLITE_WORKER_YOUNG_GENERATION_MB,
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
    maxInflightEvents: e.MAX_INFLIGHT_EVENTS ?? (e.DATABASE_URL ? 2_000 : 600),
    sendPipelineDepth: e.SEND_PIPELINE_DEPTH,
    wsPerMessageDeflate: e.WS_PER_MESSAGE_DEFLATE,
    wsCoalesceWrites: e.WS_COALESCE_WRITES,
    sendBatchWindowMs: e.SEND_BATCH_WINDOW_MS,
    sendBatchPrepared: e.SEND_BATCH_PREPARED,
    sendOneAlone: e.SEND_ONE_ALONE,
    readBatchWindowMs: e.READ_BATCH_WINDOW_MS,
    logLevel: e.LOG_LEVEL,
    webDistDir: e.WEB_DIST_DIR ?? null,
    vapid: {
      publicKey: e.VAPID_PUBLIC_KEY ?? null,
      privateKey: e.VAPID_PRIVATE_KEY ?? null,
      subject: e.VAPID_SUBJECT,
    },
    pushQueueName: e.PUSH_QUEUE_NAME,
    disappearing: {
      sweepIntervalMs: e.DISAPPEARING_SWEEP_INTERVAL_MS,
      testSeconds: e.DISAPPEARING_TEST_SECONDS ?? null,
    },
    files: {
      maxBytes: e.FILE_MAX_BYTES,
      allowedKinds: e.FILE_ALLOWED_KINDS,
      unattachedTtlMs: e.FILE_UNATTACHED_TTL_HOURS * 3_600_000,
      storage:
        e.FILE_STORAGE === "s3"
          ? {
              kind: "s3",
              bucket: e.S3_BUCKET ?? "",
              region: e.S3_REGION,
              endpoint: e.S3_ENDPOINT ?? null,
              accessKeyId: e.S3_ACCESS_KEY_ID ?? null,
              secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? null,
              forcePathStyle: e.S3_FORCE_PATH_STYLE,
              prefix: e.S3_PREFIX,
            }
          : { kind: "local", dir: path.join(dataDir, "files") },
    },
    linkPreviews: linkPreviewConfig(e),
    sso,
    allowRegistration: e.ALLOW_REGISTRATION,
    adminApiToken: e.ADMIN_API_TOKEN ?? null,
    adminRateLimitPerMinute: e.RATE_LIMIT_ADMIN_PER_MINUTE,
    adminActorName: e.ADMIN_API_ACTOR_NAME,
    ssoRateLimits: {
      perIpPerMinute: e.RATE_LIMIT_SSO_PER_IP_PER_MINUTE,
      perUserPerMinute: e.RATE_LIMIT_SSO_PER_USER_PER_MINUTE,
    },
    refreshRateLimits: {
      perIpPerMinute: e.RATE_LIMIT_REFRESH_PER_IP_PER_MINUTE,
      perSessionPerMinute: e.RATE_LIMIT_REFRESH_PER_SESSION_PER_MINUTE,
    },
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    presenceTtlMs: e.PRESENCE_TTL_SECONDS * 1000,
    nodeId: e.NODE_ID ?? `${os.hostname()}-${process.pid}`,
    metricsToken: e.METRICS_TOKEN ?? null,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_SECONDS * 1000,
  };
}

/** SSO is on when a key source is set; then issuer and audience are required (no token from elsewhere). */
function ssoConfig(e: z.infer<typeof envSchema>): SsoConfig | null {
  if (!e.SSO_JWT_SECRET && !e.SSO_JWKS_URL) return null;
  const problems: string[] = [];
  if (e.SSO_JWT_SECRET && e.SSO_JWKS_URL) problems.push("SSO_JWT_SECRET, SSO_JWKS_URL: set one, not both");
  if (!e.SSO_ISSUER) problems.push("SSO_ISSUER: required with single sign-on");
  if (!e.SSO_AUDIENCE) problems.push("SSO_AUDIENCE: required with single sign-on");
  const symmetric = Boolean(e.SSO_JWT_SECRET);
  const algorithms = e.SSO_ALGORITHMS ?? (symmetric ? ["HS256"] : ["RS256", "ES256"]);
  // A shared secret must never verify an asymmetric alg and vice versa (key-confusion attacks).
  if (algorithms.length === 0 || algorithms.some((a) => a.startsWith("HS") !== symmetric)) {
    problems.push(
      `SSO_ALGORITHMS: ${symmetric ? "HS* only with SSO_JWT_SECRET" : "RS*/PS*/ES*/EdDSA only with SSO_JWKS_URL"}`,
    );
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  return {
    key: e.SSO_JWT_SECRET
      ? { kind: "secret", secret: e.SSO_JWT_SECRET }
      : { kind: "jwks", url: e.SSO_JWKS_URL ?? "", cacheMaxAgeSeconds: e.SSO_JWKS_CACHE_SECONDS },
    algorithms,
    issuer: e.SSO_ISSUER ?? "",
    audience: e.SSO_AUDIENCE ?? "",
    clockToleranceSeconds: e.SSO_CLOCK_TOLERANCE_SECONDS,
    claims: {
      subject: e.SSO_CLAIM_SUBJECT,
      name: e.SSO_CLAIM_NAME,
      email: e.SSO_CLAIM_EMAIL,
      avatar: e.SSO_CLAIM_AVATAR,
      department: e.SSO_CLAIM_DEPARTMENT,
      username: e.SSO_CLAIM_USERNAME,
    },
  };
}
