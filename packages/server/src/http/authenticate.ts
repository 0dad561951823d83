import type { FastifyReply, FastifyRequest } from "fastify";
import type { AccessTokens } from "../modules/auth/access-tokens.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the authenticate hook on protected routes. */
    userId: string;
  }
}

/** onRequest hook for protected routes (before the body is even parsed): `Authorization: Bearer <access token>`. */
export function authenticate(tokens: AccessTokens) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7) : undefined;
    const { userId } = await tokens.verify(token);
    request.userId = userId;
  };
}
