import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { type ChatRow, chatFormerMembers, chatMembers, chats, users } from "../../db/schema.js";

export type GroupMember = { userId: string; role: "admin" | "member"; displayName: string };

/** The chat row, locked until the transaction ends: group changes and sends serialize on it. */
export async function lockChat(tx: Executor, chatId: string): Promise<ChatRow | null> {
  const [row] = await tx.select().from(chats).where(eq(chats.id, chatId)).for("update");
  return row ?? null;
}

/** Current members with their names, longest-standing first (the order promotion follows). */
export async function groupMembers(tx: Executor, chatId: string): Promise<GroupMember[]> {
  return tx
    .select({ userId: chatMembers.userId, role: chatMembers.role, displayName: users.displayName })
    .from(chatMembers)
    .innerJoin(users, eq(users.id, chatMembers.userId))
    .where(eq(chatMembers.chatId, chatId))
    .orderBy(asc(chatMembers.joinedAt), asc(chatMembers.userId));
}

export async function displayNames(tx: Executor, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, userIds));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/**
 * New members start with both pointers at the system message that added them: nothing older
 * counts as unread for them, and they do not hold back others' delivered/read ticks.
 */
export async function insertMembers(tx: Executor, chatId: string, userIds: string[], atSeq: number): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .delete(chatFormerMembers)
    .where(and(eq(chatFormerMembers.chatId, chatId), inArray(chatFormerMembers.userId, userIds)));
  await tx
    .insert(chatMembers)
    .values(
      userIds.map((userId) => ({ chatId, userId, role: "member" as const, deliveredSeq: atSeq, readSeq: atSeq })),
    );
}

/** Moves a member to the former members, readable up to the message recording the departure. */
export async function moveToFormer(
  tx: Executor,
  chatId: string,
  userId: string,
  leftAt: { seq: number; changeSeq: number },
): Promise<void> {
  const [gone] = await tx
    .delete(chatMembers)
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
    .returning({ readSeq: chatMembers.readSeq });
  if (!gone) throw new Error("member vanished inside the group change");
  await tx
    .insert(chatFormerMembers)
    .values({ chatId, userId, leftAtSeq: leftAt.seq, leftAtChangeSeq: leftAt.changeSeq, readSeq: gone.readSeq })
    .onConflictDoUpdate({
      target: [chatFormerMembers.chatId, chatFormerMembers.userId],
      set: {
        leftAtSeq: leftAt.seq,
        leftAtChangeSeq: leftAt.changeSeq,
        leftAt: sql`now()`,
        readSeq: gone.readSeq,
      },
    });
}

export async function setRole(tx: Executor, chatId: string, userId: string, role: "admin" | "member"): Promise<void> {
  await tx
    .update(chatMembers)
    .set({ role })
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)));
}

export async function updateChat(
  tx: Executor,
  chatId: string,
  values: Partial<
    Pick<
      ChatRow,
      | "name"
      | "description"
      | "avatarFileId"
      | "onlyAdminsCanPost"
      | "membersCanAddOthers"
      | "membersCanPin"
      | "disappearingSeconds"
    >
  >,
): Promise<void> {
  await tx.update(chats).set(values).where(eq(chats.id, chatId));
}
