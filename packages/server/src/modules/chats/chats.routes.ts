import { restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { userIdForExternalId } from "../sso/external-users.js";
import { getChatSummaries, getChatSummary } from "./chat-queries.js";
import { updateChatSettings } from "./chat-settings.js";
import { createDirectChat, createGroupChat } from "./create-chat.js";

export function chatsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));

    app.route({
      ...restRoute(restRoutes.chats),
      // The presenters' output is typed as the schema; re-validating hundreds of summaries on
      // every list was a tenth of its server time (docs/benchmarks.md). The schema stays for docs.
      serializerCompiler: () => (data) => JSON.stringify(data),
      handler: async (request) => ok(await getChatSummaries(ctx.database, request.userId)),
    });

    app.route({
      ...restRoute(restRoutes.chat),
      handler: async (request) => ok(await getChatSummary(ctx.database, request.userId, request.params.chatId)),
    });

    app.route({
      ...restRoute(restRoutes.createDirectChat),
      handler: async (request, reply) => {
        const body = request.body;
        const otherId = "userId" in body ? body.userId : await userIdForExternalId(ctx.db, body.externalId);
        const result = await createDirectChat(ctx, request.userId, otherId);
        return reply.status(result.created ? 201 : 200).send(ok(result));
      },
    });

    app.route({
      ...restRoute(restRoutes.updateChatSettings),
      handler: async (request) =>
        ok(await updateChatSettings(ctx, request.userId, request.params.chatId, request.body)),
    });

    app.route({
      ...restRoute(restRoutes.createGroupChat),
      handler: async (request, reply) =>
        reply.status(201).send(ok(await createGroupChat(ctx, request.userId, request.body))),
    });
  };
}
