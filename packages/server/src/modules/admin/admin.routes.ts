import {
  ApiPath,
  adminAddMembersBodySchema,
  adminChatResultSchema,
  adminCreateChatBodySchema,
  adminNoticeBodySchema,
  adminUpdateUserBodySchema,
  adminUpsertUserBodySchema,
  adminUserParamsSchema,
  adminUserSchema,
  chatParamsSchema,
  messageSchema,
  successSchema,
} from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { ok } from "../../http/envelope.js";
import { adminAddMembers, adminCreateChat, adminPostNotice } from "./admin-chats.js";
import { adminUpdateUser, adminUpsertUser, presentAdminUser } from "./admin-users.js";
import { requireServiceToken } from "./service-token.js";

/** The admin API for the host app's back end: a service token, never a user session. */
export function adminRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const rateLimit = { max: ctx.config.adminRateLimitPerMinute, timeWindow: 60_000 };
  const user = successSchema(adminUserSchema);
  const chatResult = successSchema(adminChatResultSchema);

  return async (app) => {
    app.addHook("preParsing", requireServiceToken(ctx.config.adminApiToken));

    app.post(
      ApiPath.adminUsers,
      { config: { rateLimit }, schema: { body: adminUpsertUserBodySchema, response: { 200: user, 201: user } } },
      async (request, reply) => {
        const { user: row, created } = await adminUpsertUser(ctx, request.body);
        return reply.status(created ? 201 : 200).send(ok(presentAdminUser(row)));
      },
    );

    app.patch(
      ApiPath.adminUser,
      {
        config: { rateLimit },
        schema: { params: adminUserParamsSchema, body: adminUpdateUserBodySchema, response: { 200: user } },
      },
      async (request) => ok(presentAdminUser(await adminUpdateUser(ctx, request.params.externalId, request.body))),
    );

    app.post(
      ApiPath.adminChats,
      { config: { rateLimit }, schema: { body: adminCreateChatBodySchema, response: { 201: chatResult } } },
      async (request, reply) => reply.status(201).send(ok(await adminCreateChat(ctx, request.body))),
    );

    app.post(
      ApiPath.adminChatMembers,
      {
        config: { rateLimit },
        schema: { params: chatParamsSchema, body: adminAddMembersBodySchema, response: { 200: chatResult } },
      },
      async (request) => ok(await adminAddMembers(ctx, request.params.chatId, request.body)),
    );

    app.post(
      ApiPath.adminChatNotices,
      {
        config: { rateLimit },
        schema: {
          params: chatParamsSchema,
          body: adminNoticeBodySchema,
          response: { 201: successSchema(messageSchema) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(ok(await adminPostNotice(ctx, request.params.chatId, request.body.text))),
    );
  };
}
