import { restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import {
  addMembers,
  leaveGroup,
  removeMember,
  setDisappearing,
  setMemberRole,
  updateGroup,
  updateGroupSettings,
} from "./group-admin.js";

/** Group administration; every route answers the chat as the caller now sees it. */
export function groupsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));

    app.route({
      ...restRoute(restRoutes.addMembers),
      handler: async (request) => ok(await addMembers(ctx, request.userId, request.params.chatId, request.body)),
    });

    app.route({
      ...restRoute(restRoutes.removeMember),
      handler: async (request) =>
        ok(await removeMember(ctx, request.userId, request.params.chatId, request.params.userId)),
    });

    app.route({
      ...restRoute(restRoutes.setMemberRole),
      handler: async (request) => {
        const { chatId, userId } = request.params;
        return ok(await setMemberRole(ctx, request.userId, chatId, userId, request.body.role));
      },
    });

    app.route({
      ...restRoute(restRoutes.leaveChat),
      handler: async (request) => ok(await leaveGroup(ctx, request.userId, request.params.chatId)),
    });

    app.route({
      ...restRoute(restRoutes.updateGroup),
      handler: async (request) => ok(await updateGroup(ctx, request.userId, request.params.chatId, request.body)),
    });

    app.route({
      ...restRoute(restRoutes.updateGroupSettings),
      handler: async (request) =>
        ok(await updateGroupSettings(ctx, request.userId, request.params.chatId, request.body)),
    });

    app.route({
      ...restRoute(restRoutes.setDisappearing),
      handler: async (request) => ok(await setDisappearing(ctx, request.userId, request.params.chatId, request.body)),
    });
  };
}
