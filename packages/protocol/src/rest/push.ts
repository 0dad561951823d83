import { z } from "zod";
import { LIMITS } from "../entities.js";

/** Base64url without padding, as browsers serialise `PushSubscription.toJSON().keys`. */
const base64UrlSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, "must be base64url without padding");

export const vapidPublicKeySchema = z.object({
  /** The application server key to pass to `pushManager.subscribe` (base64url, uncompressed P-256 point). */
  publicKey: z.string(),
});

/**
 * Where the browser's push service accepts messages for this subscription. The server further
 * refuses plain http except for 127.0.0.1/localhost outside production.
 */
const pushEndpointSchema = z.url({ protocol: /^https?$/ }).max(LIMITS.urlMax);

/** The shape of `PushSubscription.toJSON()` (expirationTime is ignored). */
export const pushSubscribeBodySchema = z.object({
  endpoint: pushEndpointSchema,
  keys: z.object({
    /** The browser's P-256 ECDH public key: 65 bytes, 87 base64url characters. */
    p256dh: base64UrlSchema.length(87),
    /** The 16-byte authentication secret: 22 base64url characters. */
    auth: base64UrlSchema.length(22),
  }),
});
export type PushSubscribeBody = z.infer<typeof pushSubscribeBodySchema>;

export const pushUnsubscribeBodySchema = z.strictObject({ endpoint: pushEndpointSchema });
export type PushUnsubscribeBody = z.infer<typeof pushUnsubscribeBodySchema>;

export const pushSubscribeResultSchema = z.object({ subscribed: z.literal(true) });
export const pushUnsubscribeResultSchema = z.object({
  /** False when this user had no subscription with that endpoint (already gone). */
  removed: z.boolean(),
});

/** What the service worker receives (decrypted) in a `push` event. */
export const pushMessagePayloadSchema = z.object({
  type: z.literal("message"),
  chatId: z.string(),
  title: z.string(),
  body: z.string(),
  /** Same-origin path that opens the chat. */
  url: z.string(),
});
export type PushMessagePayload = z.infer<typeof pushMessagePayloadSchema>;
