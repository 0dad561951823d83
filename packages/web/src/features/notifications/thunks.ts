import type { AppThunk } from "../../app/store.js";
import {
  currentPushSubscription,
  type PushPermission,
  pushPermission,
  subscribeBrowser,
  unsubscribeBrowser,
} from "./pushSubscription.js";

export type NotificationStatus = { permission: PushPermission; subscribed: boolean };

export async function readNotificationStatus(): Promise<NotificationStatus> {
  const permission = pushPermission();
  const subscribed = permission === "granted" && (await currentPushSubscription()) !== null;
  return { permission, subscribed };
}

/**
 * Asks permission (first, while still inside the click: Safari refuses a prompt after an await),
 * then subscribes this browser and registers it with the server.
 */
export const enableNotifications =
  (): AppThunk<Promise<NotificationStatus>> =>
  async (_dispatch, _getState, { client }) => {
    if (pushPermission() === "unsupported") return { permission: "unsupported", subscribed: false };
    const permission = await Notification.requestPermission();
    if (permission !== "granted") return { permission, subscribed: false };
    const { publicKey } = await client.call((api) => api.vapidPublicKey());
    const body = await subscribeBrowser(publicKey);
    await client.call((api) => api.subscribePush(body));
    return { permission, subscribed: true };
  };

/** Unsubscribes this browser, then tells the server (it would drop the endpoint at the next 410 anyway). */
export const disableNotifications =
  (): AppThunk<Promise<NotificationStatus>> =>
  async (_dispatch, _getState, { client }) => {
    const endpoint = await unsubscribeBrowser();
    if (endpoint) await client.call((api) => api.unsubscribePush({ endpoint }));
    return { permission: pushPermission(), subscribed: false };
  };
