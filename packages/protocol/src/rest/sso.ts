import { z } from "zod";

/** The host app's JWT, exchanged once for our own session (see ApiPath.sso). */
export const ssoBodySchema = z.strictObject({ token: z.string().min(1).max(8192) });
