import type { PushSubscribeBody } from "@teamchat/protocol";

/** unsupported: no service worker / Push API (e.g. iOS Safari outside an installed PWA). */
export type PushPermission = "unsupported" | NotificationPermission;

const SERVICE_WORKER_WAIT_MS = 10_000;

export function pushPermission(): PushPermission {
  const supported =
    typeof window !== "undefined" &&
    "serviceWorker" in navigator &&
    "PushManager" in window &&
    "Notification" in window &&
    window.isSecureContext;
  return supported ? Notification.permission : "unsupported";
}

/** The browser's current push subscription for this origin, if any. */
export async function currentPushSubscription(): Promise<PushSubscription | null> {
  if (pushPermission() === "unsupported") return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * Subscribes this browser with the server's VAPID key and returns what the server stores.
 * Call after permission is granted. A subscription made with another key (the server's keys
 * changed) is replaced, since the push service would refuse our signatures for it.
 */
export async function subscribeBrowser(vapidPublicKey: string): Promise<PushSubscribeBody> {
  const registration = await serviceWorkerRegistration();
  const applicationServerKey = base64UrlToBytes(vapidPublicKey);
  const existing = await registration.pushManager.getSubscription();
  if (existing && !sameKey(existing.options.applicationServerKey, applicationServerKey)) await existing.unsubscribe();
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
  return toSubscribeBody(subscription);
}

/** Unsubscribes this browser; returns the endpoint that was dropped, for the server to forget. */
export async function unsubscribeBrowser(): Promise<string | null> {
  const subscription = await currentPushSubscription();
  if (!subscription) return null;
  await subscription.unsubscribe();
  return subscription.endpoint;
}

function toSubscribeBody(subscription: PushSubscription): PushSubscribeBody {
  const p256dh = subscription.getKey("p256dh");
  const auth = subscription.getKey("auth");
  if (!p256dh || !auth) throw new Error("The browser returned a push subscription without keys");
  return { endpoint: subscription.endpoint, keys: { p256dh: bytesToBase64Url(p256dh), auth: bytesToBase64Url(auth) } };
}

/** `serviceWorker.ready` never settles without a registered worker: bound the wait. */
async function serviceWorkerRegistration(): Promise<ServiceWorkerRegistration> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("No service worker is active")), SERVICE_WORKER_WAIT_MS);
  });
  try {
    return await Promise.race([navigator.serviceWorker.ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sameKey(current: ArrayBuffer | null, wanted: Uint8Array): boolean {
  if (!current) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === wanted.length && bytes.every((b, i) => b === wanted[i]);
}

export function base64UrlToBytes(base64Url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64Url
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(base64Url.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64Url(buffer: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
