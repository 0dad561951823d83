/// <reference lib="webworker" />
// Compiled by ./tsconfig.json (WebWorker lib), not by the DOM tsconfig of the app.
import { OPEN_CHAT_MESSAGE, type OpenChatMessage } from "../features/notifications/openChatMessage.js";

/** The decrypted push body the server sends (PushMessagePayload in @teamchat/protocol). */
type MessagePush = { type: "message"; chatId: string; title: string; body: string; url: string };
type NotificationData = { chatId: string | null; url: string };

export type PushHandlerOptions = { icon?: string; badge?: string };

/**
 * Shows a notification per push and, on click, opens that chat: in an open tab of this origin
 * if there is one (told by postMessage), else in a new window.
 */
export function installPushHandlers(sw: ServiceWorkerGlobalScope, options: PushHandlerOptions = {}): void {
  sw.addEventListener("push", (event) => {
    event.waitUntil(showMessageNotification(sw, readPush(event), options));
  });
  sw.addEventListener("notificationclick", (event) => {
    event.notification.close();
    event.waitUntil(openChat(sw, event.notification.data as NotificationData | undefined));
  });
}

function readPush(event: PushEvent): MessagePush | null {
  try {
    const data = event.data?.json() as Partial<MessagePush> | undefined;
    if (data?.type !== "message" || typeof data.chatId !== "string") return null;
    return {
      type: "message",
      chatId: data.chatId,
      title: typeof data.title === "string" ? data.title : "New message",
      body: typeof data.body === "string" ? data.body : "",
      url: typeof data.url === "string" ? data.url : "/",
    };
  } catch {
    return null;
  }
}

function showMessageNotification(
  sw: ServiceWorkerGlobalScope,
  push: MessagePush | null,
  options: PushHandlerOptions,
): Promise<void> {
  // userVisibleOnly: every push must show something, even one we cannot read.
  const data: NotificationData = { chatId: push?.chatId ?? null, url: push?.url ?? "/" };
  // `renotify` is missing from TypeScript's lib types but supported by Chromium.
  const notification: NotificationOptions & { renotify?: boolean } = {
    body: push?.body ?? "",
    data,
    ...(options.icon && { icon: options.icon }),
    ...(options.badge && { badge: options.badge }),
    // One notification per chat, replaced by the newest message, which alerts again.
    ...(push && { tag: push.chatId, renotify: true }),
  };
  return sw.registration.showNotification(push?.title ?? "New message", notification);
}

async function openChat(sw: ServiceWorkerGlobalScope, data: NotificationData | undefined): Promise<void> {
  const origin = sw.location.origin;
  // Only ever open this app: the url comes from the push payload.
  const requested = new URL(data?.url ?? "/", origin);
  const url = requested.origin === origin ? requested.href : `${origin}/`;

  const windows = await sw.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((client) => new URL(client.url).origin === origin);
  if (open) {
    const focused = await open.focus();
    if (data?.chatId) {
      const message: OpenChatMessage = { type: OPEN_CHAT_MESSAGE, chatId: data.chatId };
      focused.postMessage(message);
    }
    return;
  }
  await sw.clients.openWindow(url);
}
