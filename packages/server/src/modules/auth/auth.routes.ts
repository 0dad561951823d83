import { REFRESH_COOKIE, restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { AppError, isUniqueViolation } from "../../errors.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { findUserByUsername, insertUser } from "../users/users.repo.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import { REFRESH_COOKIE_PATH, sessionIssuer } from "./session-issuer.js";

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const { db, refreshTokens, config } = ctx;
  const authRateLimit = { max: config.rateLimits.authPerMinute, timeWindow: 60_000 };
  const { setCookie, session, start } = sessionIssuer(ctx);

  return async (app) => {
    app.route({
      ...restRoute(restRoutes.register),
      config: { rateLimit: authRateLimit },
      handler: async (request, reply) => {
        if (!config.allowRegistration) throw new AppError("REGISTRATION_DISABLED");
        const { username, password, displayName } = request.body;
        const passwordHash = await hashPassword(password);
        const user = await insertUser(db, { username, displayName, passwordHash }).catch((err: unknown) => {
          throw isUniqueViolation(err) ? new AppError("USERNAME_TAKEN") : err;
        });
        return reply.status(201).send(ok(await start(reply, user.id)));
      },
    });

    app.route({
      ...restRoute(restRoutes.login),
      config: { rateLimit: authRateLimit },
      handler: async (request, reply) => {
        const user = await findUserByUsername(db, request.body.username);
        const valid = await verifyPassword(user?.passwordHash ?? null, request.body.password);
        if (!user || !valid) throw new AppError("INVALID_CREDENTIALS");
        return ok(await start(reply, user.id));
      },
    });

    // Not the password budget: an office behind one NAT refreshes hundreds of sessions from one
    // address. A generous per-address ceiling, and the real limit per session (its family).
    app.route({
      ...restRoute(restRoutes.refresh),
      config: { rateLimit: { max: config.refreshRateLimits.perIpPerMinute, timeWindow: 60_000 } },
      handler: async (request, reply) => {
        const { userId, token } = await refreshTokens.rotate(request.cookies[REFRESH_COOKIE], (familyId) =>
          ctx.rateLimits.consume("refresh", familyId),
        );
        const body = await session(userId);
        setCookie(reply, token);
        return ok(body);
      },
    });

    app.route({
      ...restRoute(restRoutes.logout),
      handler: async (request, reply) => {
        await refreshTokens.revoke(request.cookies[REFRESH_COOKIE]);
        reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
        return ok({ loggedOut: true as const });
      },
    });
  };
}
