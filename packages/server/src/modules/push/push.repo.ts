import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { chatMembers, chats, messages, type PushSubscriptionRow, pushSubscriptions, users } from "../../db/schema.js";

export type NewPushSubscription = { userId: string; endpoint: string; p256dh: string; auth: string };

/** Idempotent by endpoint: subscribing again refreshes the keys and moves the row to `userId`. */
export async function upsertSubscription(db: Executor, sub: NewPushSubscription): Promise<void> {
  await db
    .insert(pushSubscriptions)
    .values(sub)
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { userId: sub.userId, p256dh: sub.p256dh, auth: sub.auth },
    });
}

/** Removes the user's subscription for `endpoint`; false when there was none. */
export async function deleteUserSubscription(db: Executor, userId: string, endpoint: string): Promise<boolean> {
  const removed = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, endpoint)))
    .returning({ id: pushSubscriptions.id });
  return removed.length > 0;
}

export async function deleteSubscription(db: Executor, id: string): Promise<void> {
  await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, id));
}

export async function findSubscription(db: Executor, id: string): Promise<PushSubscriptionRow | null> {
  const [row] = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, id));
  return row ?? null;
}

export async function markDelivered(db: Executor, id: string): Promise<void> {
  await db.update(pushSubscriptions).set({ lastSuccessAt: new Date() }).where(eq(pushSubscriptions.id, id));
}

/** Every subscription of every member of `chatId` except `exceptUserId` (the sender). */
/** Every push subscription of the members of these chats, with each member's mute of that chat. */
export async function listChatSubscriptions(
  db: Executor,
  chatIds: string[],
): Promise<{ id: string; userId: string; chatId: string; mutedUntil: Date | null }[]> {
  if (chatIds.length === 0) return [];
  return db
    .select({
      id: pushSubscriptions.id,
      userId: pushSubscriptions.userId,
      chatId: chatMembers.chatId,
      mutedUntil: chatMembers.mutedUntil,
    })
    .from(chatMembers)
    .innerJoin(pushSubscriptions, eq(pushSubscriptions.userId, chatMembers.userId))
    .where(inArray(chatMembers.chatId, chatIds));
}

export type MessageForPush = {
  chatId: string;
  kind: "text" | "system" | "notice";
  body: string;
  chatType: "direct" | "group" | "channel";
  chatName: string | null;
  senderName: string | null;
  /** It carries a voice note (an audio file with a waveform): the notification says so. */
  voice: boolean;
  recipientIsMember: boolean;
};

/**
 * What a notification shows, read when the job runs (so the queue holds ids only, never text),
 * and whether the recipient is still a member (they may have left since).
 */
export async function findMessageForPush(
  db: Executor,
  messageId: string,
  recipientId: string,
): Promise<MessageForPush | null> {
  const [row] = await db
    .select({
      chatId: messages.chatId,
      kind: messages.kind,
      body: messages.body,
      chatType: chats.type,
      chatName: chats.name,
      senderName: users.displayName,
      voice: sql<boolean>`EXISTS (SELECT 1 FROM message_attachments ma JOIN files f ON f.id = ma.file_id
        WHERE ma.message_id = ${messages.id} AND f.waveform IS NOT NULL)`,
      recipient: chatMembers.userId,
    })
    .from(messages)
    .innerJoin(chats, eq(chats.id, messages.chatId))
    .leftJoin(users, eq(users.id, messages.senderId))
    .leftJoin(chatMembers, and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, recipientId)))
    .where(eq(messages.id, messageId));
  if (!row) return null;
  const { recipient, ...rest } = row;
  return { ...rest, recipientIsMember: recipient !== null };
}
