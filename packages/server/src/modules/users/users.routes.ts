import {
  ApiPath,
  blockStateSchema,
  meSchema,
  publicUserSchema,
  successSchema,
  updatePrivacyBodySchema,
  updateProfileBodySchema,
  userListSchema,
  userParamsSchema,
  userSearchQuerySchema,
} from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { block, blockedBy, unblock } from "./blocks.repo.js";
import { presentMe, presentPublicUser } from "./user.presenter.js";
import { findUserById, searchUsers, updatePrivacy, updateProfile } from "./users.repo.js";

export function usersRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const { db } = ctx;
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));

    app.get(ApiPath.me, { schema: { response: { 200: successSchema(meSchema) } } }, async (request) => {
      const user = await findUserById(db, request.userId);
      if (!user) throw new AppError("UNAUTHENTICATED", "This account no longer exists");
      return ok(presentMe(user));
    });

    app.patch(
      ApiPath.me,
      { schema: { body: updateProfileBodySchema, response: { 200: successSchema(meSchema) } } },
      async (request) => {
        const user = await updateProfile(db, request.userId, request.body);
        if (!user) throw new AppError("UNAUTHENTICATED", "This account no longer exists");
        return ok(presentMe(user));
      },
    );

    app.patch(
      ApiPath.myPrivacy,
      { schema: { body: updatePrivacyBodySchema, response: { 200: successSchema(meSchema) } } },
      async (request) => {
        const user = await updatePrivacy(db, request.userId, request.body);
        if (!user) throw new AppError("UNAUTHENTICATED", "This account no longer exists");
        return ok(presentMe(user));
      },
    );

    app.get(
      ApiPath.users,
      { schema: { querystring: userSearchQuerySchema, response: { 200: successSchema(userListSchema) } } },
      async (request) => {
        const rows = await searchUsers(db, request.userId, request.query.q, request.query.limit);
        return ok(rows.map(presentPublicUser));
      },
    );

    app.get(ApiPath.myBlocks, { schema: { response: { 200: successSchema(userListSchema) } } }, async (request) =>
      ok((await blockedBy(db, request.userId)).map(presentPublicUser)),
    );

    // Blocking: the two can no longer start a direct chat or message each other, and the
    // blocked user stops seeing the blocker's presence.
    app.put(
      ApiPath.userBlock,
      { schema: { params: userParamsSchema, response: { 200: successSchema(blockStateSchema) } } },
      async (request) => {
        const { userId } = request.params;
        if (userId === request.userId) throw new AppError("VALIDATION_FAILED", "You cannot block yourself");
        if (!(await findUserById(db, userId))) throw new AppError("USER_NOT_FOUND");
        await block(db, request.userId, userId);
        return ok({ userId, blocked: true });
      },
    );

    app.delete(
      ApiPath.userBlock,
      { schema: { params: userParamsSchema, response: { 200: successSchema(blockStateSchema) } } },
      async (request) => {
        await unblock(db, request.userId, request.params.userId);
        return ok({ userId: request.params.userId, blocked: false });
      },
    );

    app.get(
      ApiPath.user,
      { schema: { params: userParamsSchema, response: { 200: successSchema(publicUserSchema) } } },
      async (request) => {
        const user = await findUserById(db, request.params.userId);
        if (!user) throw new AppError("USER_NOT_FOUND");
        return ok(presentPublicUser(user));
      },
    );
  };
}
