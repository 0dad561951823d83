import { restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { messageInfo } from "./message-info.js";

export function messageInfoRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));
    app.route({
      ...restRoute(restRoutes.messageInfo),
      handler: async (request) =>
        ok(await messageInfo(ctx, request.userId, request.params.chatId, request.params.messageId)),
    });
  };
}
