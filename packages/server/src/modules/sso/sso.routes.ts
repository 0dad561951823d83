import { restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { sessionIssuer } from "../auth/session-issuer.js";
import { upsertExternalUser } from "./external-users.js";
import { HostTokenVerifier } from "./host-tokens.js";

/**
 * POST /api/auth/sso: the host app's JWT in, our normal session out (access token + refresh
 * cookie). The host token is checked here once and never accepted anywhere else, so REST and the
 * socket keep one token path: ours.
 */
export function ssoRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const { config, db } = ctx;
  const verifier = config.sso ? new HostTokenVerifier(config.sso) : null;
  const { start } = sessionIssuer(ctx);

  return async (app) => {
    app.route({
      ...restRoute(restRoutes.sso),
      config: { rateLimit: { max: config.ssoRateLimits.perIpPerMinute, timeWindow: 60_000 } },
      handler: async (request, reply) => {
        if (!verifier) throw new AppError("SSO_NOT_CONFIGURED");
        const identity = await verifier.verify(request.body.token);
        // Per person too (the verified `sub`: an unverified one would let anyone spend yours).
        await ctx.rateLimits.consume("signOn", `sso:${identity.externalId}`);
        const { user } = await upsertExternalUser(db, identity);
        if (user.disabledAt) throw new AppError("ACCOUNT_DISABLED");
        return ok(await start(reply, user.id));
      },
    });
  };
}
