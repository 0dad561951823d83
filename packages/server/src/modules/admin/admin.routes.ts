import { restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { adminAddMembers, adminCreateChat, adminPostNotice, adminRemoveMember } from "./admin-chats.js";
import {
  adminListUsers,
  adminUpdateUser,
  adminUpsertUser,
  presentAdminUser,
  requireExternalUser,
} from "./admin-users.js";
import { requireServiceToken } from "./service-token.js";

/** The admin API for the host app's back end: a service token, never a user session. */
export function adminRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const config = { rateLimit: { max: ctx.config.adminRateLimitPerMinute, timeWindow: 60_000 } };

  return async (app) => {
    app.addHook("preParsing", requireServiceToken(ctx.config.adminApiToken));

    app.route({
      ...restRoute(restRoutes.adminUpsertUser),
      config,
      handler: async (request, reply) => {
        const { user: row, created } = await adminUpsertUser(ctx, request.body);
        return reply.status(created ? 201 : 200).send(ok(presentAdminUser(row)));
      },
    });

    app.route({
      ...restRoute(restRoutes.adminListUsers),
      config,
      handler: async (request) => ok(await adminListUsers(ctx, request.query)),
    });

    app.route({
      ...restRoute(restRoutes.adminGetUser),
      config,
      handler: async (request) => ok(presentAdminUser(await requireExternalUser(ctx, request.params.externalId))),
    });

    app.route({
      ...restRoute(restRoutes.adminUpdateUser),
      config,
      handler: async (request) =>
        ok(presentAdminUser(await adminUpdateUser(ctx, request.params.externalId, request.body))),
    });

    app.route({
      ...restRoute(restRoutes.adminCreateChat),
      config,
      handler: async (request, reply) => reply.status(201).send(ok(await adminCreateChat(ctx, request.body))),
    });

    app.route({
      ...restRoute(restRoutes.adminAddMembers),
      config,
      handler: async (request) => ok(await adminAddMembers(ctx, request.params.chatId, request.body)),
    });

    app.route({
      ...restRoute(restRoutes.adminRemoveMember),
      config,
      handler: async (request) => ok(await adminRemoveMember(ctx, request.params.chatId, request.params.externalId)),
    });

    app.route({
      ...restRoute(restRoutes.adminPostNotice),
      config,
      handler: async (request, reply) =>
        reply.status(201).send(ok(await adminPostNotice(ctx, request.params.chatId, request.body.text))),
    });
  };
}
