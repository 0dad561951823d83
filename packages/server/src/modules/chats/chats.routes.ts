import {
  ApiPath,
  chatListSchema,
  chatParamsSchema,
  chatSettingsBodySchema,
  chatSettingsSchema,
  chatSummarySchema,
  createDirectChatBodySchema,
  createDirectChatResultSchema,
  createGroupChatBodySchema,
  successSchema,
} from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { getChatSummaries, getChatSummary } from "./chat-queries.js";
import { updateChatSettings } from "./chat-settings.js";
import { createDirectChat, createGroupChat } from "./create-chat.js";

export function chatsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));

    app.get(
      ApiPath.chats,
      {
        schema: { response: { 200: successSchema(chatListSchema) } },
        // The presenters' output is typed as the schema; re-validating hundreds of summaries on
        // every list was a tenth of its server time (docs/benchmarks.md). The schema stays for docs.
        serializerCompiler: () => (data) => JSON.stringify(data),
      },
      async (request) => ok(await getChatSummaries(ctx.db, request.userId)),
    );

    app.get(
      ApiPath.chat,
      { schema: { params: chatParamsSchema, response: { 200: successSchema(chatSummarySchema) } } },
      async (request) => ok(await getChatSummary(ctx.db, request.userId, request.params.chatId)),
    );

    app.post(
      ApiPath.directChat,
      {
        schema: {
          body: createDirectChatBodySchema,
          response: {
            200: successSchema(createDirectChatResultSchema),
            201: successSchema(createDirectChatResultSchema),
          },
        },
      },
      async (request, reply) => {
        const result = await createDirectChat(ctx, request.userId, request.body.userId);
        return reply.status(result.created ? 201 : 200).send(ok(result));
      },
    );

    app.patch(
      ApiPath.myChatSettings,
      {
        schema: {
          params: chatParamsSchema,
          body: chatSettingsBodySchema,
          response: { 200: successSchema(chatSettingsSchema) },
        },
      },
      async (request) => ok(await updateChatSettings(ctx, request.userId, request.params.chatId, request.body)),
    );

    app.post(
      ApiPath.groupChat,
      { schema: { body: createGroupChatBodySchema, response: { 201: successSchema(chatSummarySchema) } } },
      async (request, reply) => reply.status(201).send(ok(await createGroupChat(ctx, request.userId, request.body))),
    );
  };
}
