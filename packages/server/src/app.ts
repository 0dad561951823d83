import path from "node:path";
import type { Writable } from "node:stream";
import fastifyCookie from "@fastify/cookie";
import fastifyCors from "@fastify/cors";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import { ServerEvent } from "@teamchat/protocol";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Config } from "./config.js";
import type { AppContext } from "./context.js";
import { type Database, openDatabase } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { PgliteStatistics } from "./db/pglite-statistics.js";
import { AppError } from "./errors.js";
import {
  clientErrorHandler,
  frameworkErrorHandler,
  installErrorHandler,
  installNotFoundHandler,
} from "./http/error-handler.js";
import { installStrictQueryDecoding } from "./http/strict-query.js";
import { serveWebApp } from "./http/web-app.js";
import { adminRoutes } from "./modules/admin/admin.routes.js";
import { AccessTokens } from "./modules/auth/access-tokens.js";
import { AccountStatus } from "./modules/auth/account-status.js";
import { authRoutes } from "./modules/auth/auth.routes.js";
import { RefreshTokens } from "./modules/auth/refresh-tokens.js";
import { resolveJwtSecret } from "./modules/auth/secrets.js";
import { channelsRoutes } from "./modules/channels/channels.routes.js";
import { chatAnnouncerFor } from "./modules/chats/chat-announcer.js";
import { chatsRoutes } from "./modules/chats/chats.routes.js";
import { FileSweeper } from "./modules/files/file-sweeper.js";
import { filesRoutes } from "./modules/files/files.routes.js";
import { FilesService } from "./modules/files/files-service.js";
import { groupsRoutes } from "./modules/groups/groups.routes.js";
import { LinkPreviewService } from "./modules/link-previews/link-preview-service.js";
import { linkPreviewRoutes } from "./modules/link-previews/link-previews.routes.js";
import { messageInfoRoutes } from "./modules/message-info/message-info.routes.js";
import { startExpirySweeper } from "./modules/messages/expiry-sweeper.js";
import { messagesRoutes } from "./modules/messages/messages.routes.js";
import { SendBatcher } from "./modules/messages/send-batcher.js";
import { MemoryPresence, type PresenceTracker } from "./modules/presence/presence-tracker.js";
import { RedisPresence } from "./modules/presence/redis-presence.js";
import { pushRoutes } from "./modules/push/push.routes.js";
import { startPush } from "./modules/push/push-service.js";
import { DeliveredBatcher } from "./modules/receipts/delivered-batcher.js";
import { ReadBatcher } from "./modules/receipts/read-batcher.js";
import { searchRoutes } from "./modules/search/search.routes.js";
import { ssoRoutes } from "./modules/sso/sso.routes.js";
import { starsRoutes } from "./modules/stars/stars.routes.js";
import { syncRoutes } from "./modules/sync/sync.routes.js";
import { usersRoutes } from "./modules/users/users.routes.js";
import { loggerOptions } from "./ops/logging.js";
import { Metrics } from "./ops/metrics.js";
import { opsRoutes } from "./ops/ops.routes.js";
import { startChatHeads } from "./realtime/chat-heads.js";
import { InflightWork } from "./realtime/inflight.js";
import { SocketRateLimits } from "./realtime/rate-limits.js";
import { attachClusterAdapter, connectRedis } from "./realtime/redis.js";
import { attachRealtime, closeAllTransports, createSocketServer } from "./realtime/socket-server.js";

export type BuiltApp = {
  app: FastifyInstance;
  ctx: AppContext;
  close: () => Promise<void>;
  /** Deletes never-attached uploads past their age (runs hourly; tests call it with their own clock). */
  fileSweeper: FileSweeper;
};

/** Clients told to reconnect elsewhere spread their returns over this window. */
const RECONNECT_SPREAD_MS = 2_000;

/** Builds the whole server without listening; `main.ts` listens, tests listen on port 0. */
export async function buildApp(
  config: Config,
  options: { database?: Database; now?: () => Date; logStream?: Writable } = {},
): Promise<BuiltApp> {
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    requestIdHeader: "x-request-id",
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installStrictQueryDecoding(app);

  const database =
    options.database ??
    (await openDatabase(
      config.databaseUrl
        ? { kind: "postgres", url: config.databaseUrl, poolSize: config.databasePoolSize }
        : {
            kind: "pglite",
            dataDir: path.join(config.dataDir, "db"),
            thread: config.pgliteThread,
            sharedBuffersMb: config.pgliteSharedBuffersMb,
            fsync: config.pgliteFsync,
            workerYoungGenerationMb: config.pgliteWorkerYoungGenerationMb,
          },
    ));
  await migrate(database);
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : null;

  const io = createSocketServer(app, config);
  const accountStatus = new AccountStatus(database.db);
  const closeAdapter = config.redisUrl ? attachClusterAdapter(io, config.redisUrl, config.redisKeyPrefix) : () => {};
  const presence: PresenceTracker = redis
    ? new RedisPresence(redis, {
        prefix: config.redisKeyPrefix,
        nodeId: config.nodeId,
        ttlMs: config.presenceTtlMs,
        log: app.log,
      })
    : new MemoryPresence();
  const inflight = new InflightWork();
  let draining = false;
  let push: Awaited<ReturnType<typeof startPush>> | null = null;
  const metrics = new Metrics(
    {
      connectedSockets: () => io.engine.clientsCount,
      inflightEvents: () => inflight.size,
      dbPool: () => database.poolStats(),
      pushQueueDepth: async () => (push ? push.queueDepth() : 0),
      engineMemory: () => database.engineMemory(),
    },
    { node: config.nodeId },
  );
  const signingSecret = await resolveJwtSecret(config.jwtSecret, config.dataDir);
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    log: app.log,
    accessTokens: new AccessTokens(signingSecret, config.accessTokenTtlSeconds, accountStatus),
    accountStatus,
    refreshTokens: new RefreshTokens(database.db, config.refreshTokenTtlDays, signingSecret),
    io,
    presence,
    deliveredBatcher: new DeliveredBatcher(
      (query) => database.relaxedPrepared("delivered_batch", query),
      io,
      (rows) => metrics.receiptBatchRows.observe({ kind: "delivered" }, rows),
    ),
    readBatcher: new ReadBatcher(
      (query) => database.relaxedPrepared("read_batch", query),
      io,
      config.readBatchWindowMs,
      (rows) => metrics.receiptBatchRows.observe({ kind: "read" }, rows),
    ),
    sendBatcher: new SendBatcher(
      database.db,
      (timings) => {
        for (const wait of timings.queueSeconds) metrics.sendStageSeconds.observe({ stage: "queue" }, wait);
        metrics.sendStageSeconds.observe({ stage: "store" }, timings.storeSeconds);
        metrics.sendBatchSize.observe(timings.batchSize);
      },
      config.sendBatchWindowMs,
      config.sendBatchPrepared ? (query) => database.sendPrepared("send_batch", query) : undefined,
      config.sendBatchPrepared && config.sendOneAlone ? (query) => database.sendPrepared("send_one", query) : undefined,
    ),
    chatAnnouncer: chatAnnouncerFor(database, io),
    rateLimits: new SocketRateLimits(
      config.rateLimits.messagesPer10s,
      redis,
      config.redisKeyPrefix,
      config.ssoRateLimits.perUserPerMinute,
      config.refreshRateLimits.perSessionPerMinute,
      app.log,
    ),
    inflight,
    metrics,
    isDraining: () => draining,
  };
  push = await startPush(ctx); // Web Push: VAPID keys, job queue and worker
  ctx.push = push;
  const files = await FilesService.start(config, app.log);
  ctx.files = files;
  const linkPreviews = new LinkPreviewService(ctx, files);
  ctx.linkPreviews = linkPreviews;
  const fileSweeper = new FileSweeper(database.db, files, options.now);
  fileSweeper.start();
  const statistics = new PgliteStatistics(database, app.log);
  statistics.start();

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "connect-src": ["'self'", "ws:", "wss:"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        // Voice and audio attachments play from blob: URLs fetched with the access token.
        "media-src": ["'self'", "blob:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        // The host apps allowed to embed the chat (ALLOWED_ORIGINS) may frame it.
        "frame-ancestors": ["'self'", ...config.allowedOrigins],
        // Only behind HTTPS: on plain-http installs it would break every same-origin request.
        "upgrade-insecure-requests": config.cookieSecure ? [] : null,
      },
    },
    frameguard: config.allowedOrigins.length > 0 ? false : { action: "sameorigin" },
    strictTransportSecurity: config.cookieSecure,
  });
  await app.register(fastifyCors, { origin: config.allowedOrigins, credentials: true });
  await app.register(fastifyRateLimit, {
    max: config.rateLimits.httpPerMinute,
    timeWindow: 60_000,
    ...(redis && { redis, nameSpace: `${config.redisKeyPrefix}http-rl:`, skipOnError: true }),
    errorResponseBuilder: (_req, context) =>
      new AppError("RATE_LIMITED", undefined, { retryAfterMs: Math.max(0, context.ttl) }),
  });

  // The load balancer's request id (or ours) goes back to the client for support requests.
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  await app.register(opsRoutes(ctx, redis));
  await app.register(authRoutes(ctx));
  await app.register(usersRoutes(ctx));
  await app.register(chatsRoutes(ctx));
  await app.register(groupsRoutes(ctx));
  await app.register(messagesRoutes(ctx));
  await app.register(starsRoutes(ctx));
  await app.register(messageInfoRoutes(ctx));
  await app.register(searchRoutes(ctx));
  await app.register(pushRoutes(ctx, push));
  await app.register(syncRoutes(ctx));
  await app.register(channelsRoutes(ctx));
  await app.register(filesRoutes(ctx, files));
  await app.register(linkPreviewRoutes(ctx.accessTokens, linkPreviews, config.linkPreviews.perUserPerMinute));
  await app.register(ssoRoutes(ctx));
  await app.register(adminRoutes(ctx));
  installNotFoundHandler(app, { spaFallback: (await serveWebApp(app, config.webDistDir)) !== null });
  attachRealtime(ctx);
  const stopExpirySweeper = startExpirySweeper(ctx);
  const stopChatHeads = config.redisUrl ? startChatHeads(ctx) : () => {};

  // Shutdown: refuse readiness and new sockets, tell this node's clients to reconnect elsewhere
  // and close their transports (Fastify then stops accepting connections), let in-flight writes finish, then
  // close the database.
  let cutStragglers: NodeJS.Timeout | undefined;
  app.addHook("preClose", async () => {
    draining = true;
    stopExpirySweeper();
    stopChatHeads();
    ctx.io.local.emit(ServerEvent.serverReconnect, { reason: "shutdown", withinMs: RECONNECT_SPREAD_MS });
    // Close the transports rather than disconnecting the sockets: a client then sees
    // "transport close", which every socket.io-client reconnects from by itself (with its own
    // randomized back-off), bots and integrations without our SDK included. An
    // "io server disconnect" is final for them. Queued packets (the hint above) go out first.
    // Handshakes under way are closed too: the HTTP server cannot close while one is open.
    closeAllTransports(ctx.io);
    // Requests in flight get the drain time to finish; a connection that never ends (a client
    // still pushing an upload the server already refused) must not hold the shutdown forever.
    app.server.closeIdleConnections();
    cutStragglers = setTimeout(() => app.server.closeAllConnections(), config.shutdownDrainMs);
    cutStragglers.unref();
  });
  app.addHook("onClose", async () => {
    clearTimeout(cutStragglers);
    await presence.close();
    await new Promise<void>((resolve) => ctx.io.close(() => resolve()));
    await Promise.all([ctx.deliveredBatcher.flush(), ctx.readBatcher.flush()]);
    await ctx.inflight.drain(config.shutdownDrainMs);
    await push?.close(); // after the drain: in-flight sends may still enqueue
    await fileSweeper.stop();
    await statistics.stop();
    files.close();
    if (!options.database) await database.close();
    closeAdapter();
    redis?.disconnect();
  });

  return { app, ctx, close: () => app.close(), fileSweeper };
}
