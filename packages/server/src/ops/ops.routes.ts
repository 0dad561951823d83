import crypto from "node:crypto";
import { ApiPath } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Redis } from "ioredis";
import type { AppContext } from "../context.js";
import { AppError } from "../errors.js";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * /metrics is for the operator's Prometheus only. With METRICS_TOKEN: `Authorization: Bearer
 * <token>` from anywhere. Without: direct loopback connections only; anything that came through
 * a proxy (an X-Forwarded-For header) is refused, since the proxy itself connects from loopback.
 */
function metricsAllowed(ctx: AppContext, headers: Record<string, unknown>, remoteAddress: string | undefined) {
  const token = ctx.config.metricsToken;
  if (token) {
    const header = typeof headers.authorization === "string" ? headers.authorization : "";
    const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
    const expected = Buffer.from(token);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }
  return remoteAddress !== undefined && LOOPBACK.has(remoteAddress) && headers["x-forwarded-for"] === undefined;
}

/** Health (process up), readiness (database and Redis answer, not draining) and metrics. */
export function opsRoutes(ctx: AppContext, redis: Redis | null): FastifyPluginAsyncZod {
  return async (app) => {
    const noLimit = { config: { rateLimit: false } };
    // Readable cross-origin as an opaque response (no CORS): an embedded chat whose sign-on got
    // no answer probes it to tell "server down" from "this origin is not in ALLOWED_ORIGINS".
    app.get(ApiPath.health, noLimit, async (_request, reply) => {
      reply.header("cross-origin-resource-policy", "cross-origin");
      return { status: "ok" };
    });
    app.get(ApiPath.ready, noLimit, async (_request, reply) => {
      if (ctx.isDraining()) return reply.status(503).send({ status: "draining" });
      try {
        await ctx.database.ping();
      } catch {
        return reply.status(503).send({ status: "database unreachable" });
      }
      if (redis && redis.status !== "ready") return reply.status(503).send({ status: "redis unreachable" });
      return { status: "ready" };
    });
    app.get(ApiPath.metrics, noLimit, async (request, reply) => {
      // The raw socket's address: request.ip would trust X-Forwarded-For behind TRUST_PROXY.
      if (!metricsAllowed(ctx, request.headers, request.raw.socket.remoteAddress)) throw new AppError("FORBIDDEN");
      const body = await ctx.metrics.registry.metrics();
      return reply.type(ctx.metrics.registry.contentType).send(body);
    });
  };
}
