import { ApiPath, sessionSchema, ssoBodySchema, successSchema } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { ok } from "../../http/envelope.js";
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
    app.post(
      ApiPath.sso,
      {
        config: { rateLimit: { max: config.rateLimits.authPerMinute, timeWindow: 60_000 } },
        schema: { body: ssoBodySchema, response: { 200: successSchema(sessionSchema) } },
      },
      async (request, reply) => {
        if (!verifier) throw new AppError("SSO_NOT_CONFIGURED");
        const identity = await verifier.verify(request.body.token);
        const { user } = await upsertExternalUser(db, identity);
        if (user.disabledAt) throw new AppError("ACCOUNT_DISABLED");
        return ok(await start(reply, user.id));
      },
    );
  };
}
