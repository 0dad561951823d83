import {
  ApiPath,
  loginBodySchema,
  REFRESH_COOKIE,
  registerBodySchema,
  type Session,
  sessionSchema,
  successSchema,
} from "@teamchat/protocol";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context.js";
import { AppError, isUniqueViolation } from "../../errors.js";
import { ok } from "../../http/envelope.js";
import { presentMe } from "../users/user.presenter.js";
import { findUserById, findUserByUsername, insertUser } from "../users/users.repo.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import type { IssuedRefreshToken } from "./refresh-tokens.js";

const COOKIE_PATH = "/api/auth";

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const { db, accessTokens, refreshTokens, config } = ctx;
  const authRateLimit = { max: config.rateLimits.authPerMinute, timeWindow: 60_000 };

  const setCookie = (reply: FastifyReply, token: IssuedRefreshToken) =>
    reply.setCookie(REFRESH_COOKIE, token.cookieValue, {
      httpOnly: true,
      secure: config.cookieSecure,
      sameSite: "strict",
      path: COOKIE_PATH,
      expires: token.expiresAt,
    });

  const session = async (userId: string): Promise<Session> => {
    const user = await findUserById(db, userId);
    if (!user) throw new AppError("REFRESH_TOKEN_INVALID");
    return {
      user: presentMe(user),
      accessToken: await accessTokens.issue(user.id),
      expiresIn: accessTokens.ttlSeconds,
    };
  };

  return async (app) => {
    app.post(
      ApiPath.register,
      {
        config: { rateLimit: authRateLimit },
        schema: { body: registerBodySchema, response: { 201: successSchema(sessionSchema) } },
      },
      async (request, reply) => {
        const { username, password, displayName } = request.body;
        const passwordHash = await hashPassword(password);
        const user = await insertUser(db, { username, displayName, passwordHash }).catch((err: unknown) => {
          throw isUniqueViolation(err) ? new AppError("USERNAME_TAKEN") : err;
        });
        setCookie(reply, await refreshTokens.issue(user.id));
        return reply.status(201).send(ok(await session(user.id)));
      },
    );

    app.post(
      ApiPath.login,
      {
        config: { rateLimit: authRateLimit },
        schema: { body: loginBodySchema, response: { 200: successSchema(sessionSchema) } },
      },
      async (request, reply) => {
        const user = await findUserByUsername(db, request.body.username);
        const valid = await verifyPassword(user?.passwordHash ?? null, request.body.password);
        if (!user || !valid) throw new AppError("INVALID_CREDENTIALS");
        setCookie(reply, await refreshTokens.issue(user.id));
        return ok(await session(user.id));
      },
    );

    app.post(
      ApiPath.refresh,
      { config: { rateLimit: authRateLimit }, schema: { response: { 200: successSchema(sessionSchema) } } },
      async (request, reply) => {
        const { userId, token } = await refreshTokens.rotate(request.cookies[REFRESH_COOKIE]);
        setCookie(reply, token);
        return ok(await session(userId));
      },
    );

    app.post(
      ApiPath.logout,
      { schema: { response: { 200: successSchema(z.object({ loggedOut: z.literal(true) })) } } },
      async (request, reply) => {
        await refreshTokens.revoke(request.cookies[REFRESH_COOKIE]);
        reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
        return ok({ loggedOut: true as const });
      },
    );
  };
}
