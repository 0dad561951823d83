import { asc, inArray } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { type MessageReactionRow, type MessageRow, messageEdits } from "../../db/schema.js";

/** Where a former member's view of a chat ends (chat_former_members). */
export type Departure = { seq: number; changeSeq: number; at: Date };

/**
 * A former member sees each message as it was when they left: an edit, reaction or pin made
 * later is not theirs to see (nothing written after they left reaches them), but a delete for
 * everyone is applied (the content is gone for everybody). Every change bumps the message's
 * change_seq, so a row at or below the departure's change_seq is already as it was then; a
 * later one is rolled back here, and carries the departure's change_seq (what the former
 * member's feed orders it by: see sync.repo.ts `formerChangesSince`).
 */
export function changedSinceDeparture(m: MessageRow, departure: Departure): boolean {
  return m.deletedAt === null && m.changeSeq > departure.changeSeq;
}

export async function rowsAsAtDeparture(
  db: Executor,
  rows: MessageRow[],
  departure: Departure | null,
): Promise<MessageRow[]> {
  if (!departure) return rows;
  const changed = rows.filter((m) => changedSinceDeparture(m, departure));
  if (changed.length === 0) return rows;
  const edits = await db
    .select()
    .from(messageEdits)
    .where(
      inArray(
        messageEdits.messageId,
        changed.map((m) => m.id),
      ),
    )
    .orderBy(asc(messageEdits.editedAt), asc(messageEdits.id));
  return rows.map((m) => {
    if (!changedSinceDeparture(m, departure)) return m;
    const mine = edits.filter((e) => e.messageId === m.id);
    // An edit row keeps the body a message had until that edit: the first one after the
    // departure holds the body shown then.
    const firstLater = mine.find((e) => e.editedAt > departure.at);
    const lastEarlier = mine.filter((e) => e.editedAt <= departure.at).at(-1);
    const pinnedLater = m.pinnedAt !== null && m.pinnedAt > departure.at;
    return {
      ...m,
      body: firstLater ? firstLater.body : m.body,
      editedAt: firstLater ? (lastEarlier?.editedAt ?? null) : m.editedAt,
      pinnedAt: pinnedLater ? null : m.pinnedAt,
      pinnedBy: pinnedLater ? null : m.pinnedBy,
      changeSeq: departure.changeSeq,
    };
  });
}

/** Reactions a former member saw: those added before they left (later ones are not shown). */
export function reactionsAsAtDeparture(rows: MessageReactionRow[], departure: Departure | null): MessageReactionRow[] {
  if (!departure) return rows;
  return rows.filter((r) => r.createdAt <= departure.at);
}
