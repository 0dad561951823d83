import type { FastifyBaseLogger } from "fastify";
import type { Config } from "./config.js";
import type { Database, Db } from "./db/database.js";
import type { AccessTokens } from "./modules/auth/access-tokens.js";
import type { AccountStatus } from "./modules/auth/account-status.js";
import type { RefreshTokens } from "./modules/auth/refresh-tokens.js";
import type { ChatAnnouncer } from "./modules/chats/chat-announcer.js";
import type { FilesService } from "./modules/files/files-service.js";
import type { LinkPreviewService } from "./modules/link-previews/link-preview-service.js";
import type { SendBatcher } from "./modules/messages/send-batcher.js";
import type { PresenceTracker } from "./modules/presence/presence-tracker.js";
import type { PushService } from "./modules/push/push-service.js";
import type { DeliveredBatcher } from "./modules/receipts/delivered-batcher.js";
import type { ReadBatcher } from "./modules/receipts/read-batcher.js";
import type { Metrics } from "./ops/metrics.js";
import type { InflightWork } from "./realtime/inflight.js";
import type { ChatIo } from "./realtime/io.js";
import type { SocketRateLimits } from "./realtime/rate-limits.js";

/** What modules need, built once in buildApp and passed down (no globals). */
export type AppContext = {
  config: Config;
  database: Database;
  db: Db;
  log: FastifyBaseLogger;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  io: ChatIo;
  presence: PresenceTracker;
  deliveredBatcher: DeliveredBatcher;
  /** Group commit of read pointers (one statement per batch). */
  readBatcher: ReadBatcher;
  /** Group commit of plain sends (one statement per batch). */
  sendBatcher: SendBatcher;
  /** Chats entering members' lists, told in batches (one summary statement per batch). */
  chatAnnouncer: ChatAnnouncer;
  rateLimits: SocketRateLimits;
  inflight: InflightWork;
  /** Disabled (deprovisioned) users, briefly cached; access tokens consult it. */
  accountStatus: AccountStatus;
  metrics: Metrics;
  /** True once shutdown began: readiness fails and new sockets are turned away. */
  isDraining: () => boolean;
  /** Web Push; absent in contexts built without it. */
  push?: PushService;
  /** Uploads and their storage; absent in contexts built without it. */
  files?: FilesService;
  /** Link previews (fetcher, cache, attaching to sent messages); absent in contexts built without it. */
  linkPreviews?: LinkPreviewService;
};
