import { restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { listStarred, setStar } from "./star-message.js";

/** Star, unstar and list starred messages (the rules are in star-message.ts). */
export function starsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));
    app.route({
      ...restRoute(restRoutes.starMessage),
      handler: async (request) =>
        ok(await setStar(ctx, request.userId, request.params.chatId, request.params.messageId, true)),
    });
    app.route({
      ...restRoute(restRoutes.unstarMessage),
      handler: async (request) =>
        ok(await setStar(ctx, request.userId, request.params.chatId, request.params.messageId, false)),
    });
    app.route({
      ...restRoute(restRoutes.starredMessages),
      handler: async (request) => ok({ starred: await listStarred(ctx, request.userId) }),
    });
  };
}
