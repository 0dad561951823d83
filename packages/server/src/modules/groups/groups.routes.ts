import {
  ApiPath,
  addMembersBodySchema,
  chatMemberParamsSchema,
  chatParamsSchema,
  chatSummarySchema,
  setDisappearingBodySchema,
  setMemberRoleBodySchema,
  successSchema,
  updateGroupBodySchema,
  updateGroupSettingsBodySchema,
} from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import {
  addMembers,
  leaveGroup,
  removeMember,
  setDisappearing,
  setMemberRole,
  updateGroup,
  updateGroupSettings,
} from "./group-admin.js";

const answer = { 200: successSchema(chatSummarySchema) };

/** Group administration; every route answers the chat as the caller now sees it. */
export function groupsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));

    app.post(
      ApiPath.chatMembers,
      { schema: { params: chatParamsSchema, body: addMembersBodySchema, response: answer } },
      async (request) => ok(await addMembers(ctx, request.userId, request.params.chatId, request.body)),
    );

    app.delete(ApiPath.chatMember, { schema: { params: chatMemberParamsSchema, response: answer } }, async (request) =>
      ok(await removeMember(ctx, request.userId, request.params.chatId, request.params.userId)),
    );

    app.put(
      ApiPath.chatMemberRole,
      { schema: { params: chatMemberParamsSchema, body: setMemberRoleBodySchema, response: answer } },
      async (request) => {
        const { chatId, userId } = request.params;
        return ok(await setMemberRole(ctx, request.userId, chatId, userId, request.body.role));
      },
    );

    app.post(ApiPath.chatLeave, { schema: { params: chatParamsSchema, response: answer } }, async (request) =>
      ok(await leaveGroup(ctx, request.userId, request.params.chatId)),
    );

    app.patch(
      ApiPath.chat,
      { schema: { params: chatParamsSchema, body: updateGroupBodySchema, response: answer } },
      async (request) => ok(await updateGroup(ctx, request.userId, request.params.chatId, request.body)),
    );

    app.patch(
      ApiPath.chatSettings,
      { schema: { params: chatParamsSchema, body: updateGroupSettingsBodySchema, response: answer } },
      async (request) => ok(await updateGroupSettings(ctx, request.userId, request.params.chatId, request.body)),
    );

    app.put(
      ApiPath.chatDisappearing,
      { schema: { params: chatParamsSchema, body: setDisappearingBodySchema, response: answer } },
      async (request) => ok(await setDisappearing(ctx, request.userId, request.params.chatId, request.body)),
    );
  };
}
