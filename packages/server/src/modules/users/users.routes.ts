import { restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { blockUser } from "./block-user.js";
import { blockedBy, iBlocked, unblock, whoBlocked } from "./blocks.repo.js";
import { updateMyProfile } from "./update-profile.js";
import { presentMe, presentPublicUser } from "./user.presenter.js";
import { findUserById, searchUsers, updatePrivacy } from "./users.repo.js";
import { profileFor, withheldProfile } from "./withheld-profile.js";

export function usersRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const { db } = ctx;
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));

    app.route({
      ...restRoute(restRoutes.me),
      handler: async (request) => {
        const user = await findUserById(db, request.userId);
        if (!user) throw new AppError("UNAUTHENTICATED", "This account no longer exists");
        return ok(presentMe(user));
      },
    });

    app.route({
      ...restRoute(restRoutes.updateProfile),
      handler: async (request) => ok(presentMe(await updateMyProfile(ctx, request.userId, request.body))),
    });

    app.route({
      ...restRoute(restRoutes.updatePrivacy),
      handler: async (request) => {
        const user = await updatePrivacy(db, request.userId, request.body);
        if (!user) throw new AppError("UNAUTHENTICATED", "This account no longer exists");
        return ok(presentMe(user));
      },
    });

    app.route({
      ...restRoute(restRoutes.searchUsers),
      handler: async (request) => {
        const [rows, blockers] = await Promise.all([
          searchUsers(db, request.userId, request.query.q, request.query.limit),
          whoBlocked(db, request.userId),
        ]);
        return ok(rows.map((u) => profileFor(presentPublicUser(u), blockers)));
      },
    });

    app.route({
      ...restRoute(restRoutes.myBlocks),
      handler: async (request) => {
        const [rows, blockers] = await Promise.all([blockedBy(db, request.userId), whoBlocked(db, request.userId)]);
        return ok(rows.map((u) => profileFor(presentPublicUser(u), blockers)));
      },
    });

    // Blocking: the blocked person learns nothing of the blocker any more and their messages to
    // the blocker stay undelivered (block-user.ts, messages/send-message.ts); nothing names it.
    app.route({
      ...restRoute(restRoutes.blockUser),
      handler: async (request) => {
        await blockUser(ctx, request.userId, request.params.userId);
        return ok({ userId: request.params.userId, blocked: true });
      },
    });

    app.route({
      ...restRoute(restRoutes.unblockUser),
      handler: async (request) => {
        await unblock(db, request.userId, request.params.userId);
        return ok({ userId: request.params.userId, blocked: false });
      },
    });

    app.route({
      ...restRoute(restRoutes.user),
      handler: async (request) => {
        const user = await findUserById(db, request.params.userId);
        if (!user) throw new AppError("USER_NOT_FOUND");
        const blockedMe = await iBlocked(db, user.id, request.userId);
        return ok(blockedMe ? withheldProfile(presentPublicUser(user)) : presentPublicUser(user));
      },
    });
  };
}
