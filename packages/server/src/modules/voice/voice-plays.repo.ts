import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { files, messageAttachments, users, voicePlays } from "../../db/schema.js";

/** Per message id, the listeners shown as having played it, oldest play first. */
export type PlaysByMessage = ReadonlyMap<string, string[]>;
export const NO_PLAYS: PlaysByMessage = new Map();

/** Whether the message carries a voice note (an audio file uploaded with a waveform). */
export async function hasVoiceNote(db: Executor, messageId: string): Promise<boolean> {
  const [row] = await db
    .select({ fileId: files.id })
    .from(messageAttachments)
    .innerJoin(files, eq(files.id, messageAttachments.fileId))
    .where(and(eq(messageAttachments.messageId, messageId), eq(files.kind, "audio")))
    .limit(1);
  return row !== undefined;
}

/** False when this listener had played it already (nothing changed). */
export async function insertPlay(db: Executor, messageId: string, userId: string): Promise<boolean> {
  const inserted = await db
    .insert(voicePlays)
    .values({ messageId, userId })
    .onConflictDoNothing()
    .returning({ userId: voicePlays.userId });
  return inserted.length > 0;
}

export async function sharesReadReceipts(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db.select({ shares: users.privacyReadReceipts }).from(users).where(eq(users.id, userId));
  return row?.shares ?? false;
}

/**
 * The plays of these messages by listeners who share read receipts now: the privacy setting is
 * applied when presenting, so turning receipts off hides earlier plays from the next page on.
 * The `viewer`'s own plays are always listed to them (their own "played" state, on every device).
 */
export async function loadPlays(db: Executor, messageIds: string[], viewer?: string): Promise<PlaysByMessage> {
  if (messageIds.length === 0) return NO_PLAYS;
  const rows = await db
    .select({ messageId: voicePlays.messageId, userId: voicePlays.userId })
    .from(voicePlays)
    .innerJoin(users, eq(users.id, voicePlays.userId))
    .where(
      and(
        inArray(voicePlays.messageId, messageIds),
        viewer
          ? or(eq(users.privacyReadReceipts, true), eq(voicePlays.userId, viewer))
          : eq(users.privacyReadReceipts, true),
      ),
    )
    .orderBy(asc(voicePlays.playedAt), asc(voicePlays.userId));
  const byMessage = new Map<string, string[]>();
  for (const { messageId, userId } of rows) {
    const list = byMessage.get(messageId) ?? [];
    list.push(userId);
    byMessage.set(messageId, list);
  }
  return byMessage;
}
