import crypto from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../errors.js";

const digest = (s: string) => crypto.createHash("sha256").update(s).digest();

/**
 * preParsing hook of the admin API (after the rate limiter, before the body is read): `Authorization: Bearer <ADMIN_API_TOKEN>`, compared in
 * constant time (hashes of equal length, so neither content nor length leaks by timing). The
 * header is redacted from logs by the server's logger configuration.
 */
export function requireServiceToken(expected: string | null) {
  const expectedDigest = expected ? digest(expected) : null;
  return async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
    if (!expectedDigest) throw new AppError("ADMIN_API_NOT_CONFIGURED");
    const header = request.headers.authorization;
    const given = typeof header === "string" && header.startsWith("Bearer ") ? header.slice(7) : "";
    if (!crypto.timingSafeEqual(digest(given), expectedDigest)) throw new AppError("ADMIN_TOKEN_INVALID");
    return payload;
  };
}
