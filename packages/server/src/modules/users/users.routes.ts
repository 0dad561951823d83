import {
  ApiPath,
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
