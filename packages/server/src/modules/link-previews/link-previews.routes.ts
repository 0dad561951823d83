import { restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import type { AccessTokens } from "../auth/access-tokens.js";
import type { LinkPreviewService } from "./link-preview-service.js";

/**
 * The composer's card. Each call may make the server fetch a page, so it has its own budget per
 * signed-in user (the route's rate-limit hook runs after `authenticate`, which sets userId),
 * instead of the per-address one: an office behind one address shares nothing here.
 */
export function linkPreviewRoutes(
  accessTokens: AccessTokens,
  previews: LinkPreviewService,
  perUserPerMinute: number,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(accessTokens));
    app.route({
      ...restRoute(restRoutes.linkPreview),
      config: {
        rateLimit: {
          max: perUserPerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => `link-preview:${request.userId ?? request.ip}`,
        },
      },
      handler: async (request) => ok({ preview: await previews.preview(request.body.url, request.userId) }),
    });
  };
}
