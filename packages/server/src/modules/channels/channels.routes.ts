import { restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { createChannel, joinChannel } from "./channels.js";
import { channelDirectory } from "./channels.repo.js";

/** The channel directory, creation and joining; leaving and administration are the group routes. */
export function channelsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));

    app.route({
      ...restRoute(restRoutes.channelDirectory),
      handler: async (request) => ok(await channelDirectory(ctx.db, request.userId, request.query)),
    });

    app.route({
      ...restRoute(restRoutes.createChannel),
      handler: async (request, reply) =>
        reply.status(201).send(ok(await createChannel(ctx, request.userId, request.body))),
    });

    app.route({
      ...restRoute(restRoutes.joinChannel),
      handler: async (request) => ok(await joinChannel(ctx, request.userId, request.params.chatId)),
    });
  };
}
