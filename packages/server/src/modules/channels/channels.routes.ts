import {
  ApiPath,
  channelDirectoryQuerySchema,
  channelDirectorySchema,
  chatParamsSchema,
  chatSummarySchema,
  createChannelBodySchema,
  successSchema,
} from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { createChannel, joinChannel } from "./channels.js";
import { channelDirectory } from "./channels.repo.js";

/** The channel directory, creation and joining; leaving and administration are the group routes. */
export function channelsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));

    app.get(
      ApiPath.channels,
      {
        schema: { querystring: channelDirectoryQuerySchema, response: { 200: successSchema(channelDirectorySchema) } },
      },
      async (request) => ok(await channelDirectory(ctx.db, request.userId, request.query)),
    );

    app.post(
      ApiPath.channels,
      { schema: { body: createChannelBodySchema, response: { 201: successSchema(chatSummarySchema) } } },
      async (request, reply) => reply.status(201).send(ok(await createChannel(ctx, request.userId, request.body))),
    );

    app.post(
      ApiPath.channelJoin,
      { schema: { params: chatParamsSchema, response: { 200: successSchema(chatSummarySchema) } } },
      async (request) => ok(await joinChannel(ctx, request.userId, request.params.chatId)),
    );
  };
}
