import webpush from "web-push";
import type { VapidKeys } from "./vapid-keys.js";

/** How long the push service keeps an undelivered notification for an offline device. */
const TTL_SECONDS = 24 * 60 * 60;
const REQUEST_TIMEOUT_MS = 10_000;

export type PushTarget = { endpoint: string; p256dh: string; auth: string };

/** delivered: 2xx · gone: the subscription expired (404/410) · refused: any other 4xx, retrying cannot help. */
export type DeliveryOutcome = { result: "delivered" } | { result: "gone" } | { result: "refused"; status: number };

/** 429, 5xx or a network failure: the queue should try again later. */
export class RetryablePushError extends Error {
  override name = "RetryablePushError";
}

/**
 * Encrypts (RFC 8291, aes128gcm) and signs (VAPID, RFC 8292) with web-push, then POSTs with
 * fetch: web-push's own sender speaks https only, and development push endpoints may be
 * plain http on loopback.
 */
export async function sendPush(
  target: PushTarget,
  payload: string,
  options: { vapid: VapidKeys; topic: string },
): Promise<DeliveryOutcome> {
  const request = webpush.generateRequestDetails(
    { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    payload,
    {
      vapidDetails: options.vapid,
      TTL: TTL_SECONDS,
      urgency: "high",
      topic: options.topic,
      contentEncoding: "aes128gcm",
    },
  );
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    // fetch computes Content-Length from the body itself.
    if (name.toLowerCase() !== "content-length") headers.set(name, String(value));
  }

  let response: Response;
  try {
    response = await fetch(request.endpoint, {
      method: request.method,
      headers,
      body: new Uint8Array(request.body),
      redirect: "error",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    // The cause names the host at most; never the payload or keys.
    throw new RetryablePushError(`push service unreachable: ${(err as Error).name}`);
  }
  await response.body?.cancel().catch(() => {});

  const status = response.status;
  if (status >= 200 && status < 300) return { result: "delivered" };
  if (status === 404 || status === 410) return { result: "gone" };
  if (status === 429 || status >= 500) throw new RetryablePushError(`push service answered ${status}`);
  return { result: "refused", status };
}
