import { REFRESH_COOKIE, type Session } from "@teamchat/protocol";
import type { FastifyReply } from "fastify";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { presentMe } from "../users/user.presenter.js";
import { findUserById } from "../users/users.repo.js";
import type { IssuedRefreshToken } from "./refresh-tokens.js";

export const REFRESH_COOKIE_PATH = "/api/auth";

/**
 * The one way a session starts or continues, whatever proved who the user is (password, the
 * host app's token, a refresh cookie): our access JWT in the body, our refresh token in the cookie.
 */
export function sessionIssuer(ctx: AppContext) {
  const { db, accessTokens, refreshTokens, config } = ctx;

  const setCookie = (reply: FastifyReply, token: IssuedRefreshToken) =>
    reply.setCookie(REFRESH_COOKIE, token.cookieValue, {
      httpOnly: true,
      secure: config.cookieSecure,
      sameSite: "strict",
      path: REFRESH_COOKIE_PATH,
      expires: token.expiresAt,
    });

  const session = async (userId: string): Promise<Session> => {
    const user = await findUserById(db, userId);
    if (!user) throw new AppError("REFRESH_TOKEN_INVALID");
    if (user.disabledAt) throw new AppError("ACCOUNT_DISABLED");
    return {
      user: presentMe(user),
      accessToken: await accessTokens.issue(user.id),
      expiresIn: accessTokens.ttlSeconds,
    };
  };

  /** A new login: a new refresh-token family in the cookie, and the session body. */
  const start = async (reply: FastifyReply, userId: string): Promise<Session> => {
    const body = await session(userId);
    setCookie(reply, await refreshTokens.issue(userId));
    return body;
  };

  return { setCookie, session, start };
}
