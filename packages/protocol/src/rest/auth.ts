import { z } from "zod";
import { displayNameSchema, LIMITS, meSchema, textSchema, usernameSchema } from "../entities.js";

const passwordSchema = z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax);

export const registerBodySchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  displayName: displayNameSchema,
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

export const loginBodySchema = z.strictObject({
  username: textSchema().min(1).max(LIMITS.usernameMax),
  password: z.string().min(1).max(LIMITS.passwordMax),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

/**
 * Answer of register, login and refresh. The refresh token is never in the body: it travels
 * only in the httpOnly `refresh_token` cookie, scoped to /api/auth.
 */
export const sessionSchema = z.object({
  user: meSchema,
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
});
export type Session = z.infer<typeof sessionSchema>;

export const REFRESH_COOKIE = "refresh_token";
