import { type Message, ServerEvent } from "@teamchat/protocol";
import { TransactionRollbackError } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { Executor } from "../../db/database.js";
import type { MessageRow } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { userRoom } from "../../realtime/rooms.js";
import { notMemberError } from "../chats/chat-queries.js";
import { blockStateInDirectChat } from "../users/blocks.repo.js";
import { presentMessages } from "./message.presenter.js";
import { type ChangeSlot, findMessageForChange, findMessageInChat, takeChangeSlot } from "./message-changes.repo.js";
import { audienceOf } from "./send-message.js";

export type MessageRef = { chatId: string; messageId: string };

/**
 * What a change does to the locked message: the changed row, or null when the message is already
 * in the asked state (a retried edit, a second identical reaction). Throwing an AppError refuses.
 */
export type MessageChange = (tx: Executor, message: MessageRow, slot: ChangeSlot) => Promise<MessageRow | null>;

/**
 * Runs one change of a message in one transaction: take the chat's next change_seq (membership
 * checked in the same statement), lock the message, apply. A refused or no-op change rolls the
 * transaction back, so the change counter never gets a gap. A real change is fanned out as
 * message:updated to the chat's members; every outcome returns the message as it now is.
 * `blockable` changes (edits, reactions) meet a block in a direct chat as `blockStance` says.
 */
export async function changeMessage(
  ctx: AppContext,
  userId: string,
  ref: MessageRef,
  change: MessageChange,
  options: { blockable?: boolean } = {},
): Promise<{ message: Message }> {
  let changed: Message;
  try {
    changed = await ctx.db.transaction(async (tx) => {
      const slot = await takeChangeSlot(tx, ref.chatId, userId);
      if (!slot) throw await notMemberError(tx, ref.chatId);
      const target = await findMessageForChange(tx, ref.chatId, ref.messageId);
      if (!target) throw new AppError("MESSAGE_NOT_FOUND");
      const stance = options.blockable ? await blockStance(tx, slot, ref.chatId, userId, target) : "free";
      const row = await change(tx, target, slot);
      if (!row) return tx.rollback();
      const message = await presentOne(tx, row);
      if (stance === "withheld") throw new Withheld(asSeenByActor(message, target));
      return message;
    });
  } catch (err) {
    if (err instanceof Withheld) return withheld(ctx, userId, err.seen);
    if (!(err instanceof TransactionRollbackError)) throw err;
    return { message: await currentMessage(ctx, ref) };
  }
  ctx.io.to(audienceOf(changed)).emit(ServerEvent.messageUpdated, changed);
  return { message: changed };
}

/**
 * How a change in a direct chat meets a block between the two (the same rule as a send,
 * send-message.ts): "free" when there is none; someone who blocked the other must unblock first
 * (BLOCKED: they know they blocked); a blocked person is never told, so their change is
 * - "free" on their own undelivered message (hidden from the blocker for good, like the send), and
 * - "withheld" otherwise: answered as done, told to their own devices only, and stored nowhere,
 *   so the blocker never sees it (as if they never looked).
 */
export type BlockStance = "free" | "withheld";

export async function blockStance(
  tx: Executor,
  slot: Pick<ChangeSlot, "chatType">,
  chatId: string,
  userId: string,
  target: Pick<MessageRow, "senderId" | "undelivered"> | null,
): Promise<BlockStance> {
  if (slot.chatType !== "direct") return "free";
  const block = await blockStateInDirectChat(tx, chatId, userId);
  if (!block || (!block.iBlocked && !block.blockedMe)) return "free";
  if (block.iBlocked) throw new AppError("BLOCKED");
  return target?.undelivered && target.senderId === userId ? "free" : "withheld";
}

/** Rolls back a withheld change's transaction, carrying what the actor is shown. */
export class Withheld<T = Message> extends Error {
  constructor(readonly seen: T) {
    super("withheld change");
  }
}

/**
 * A withheld change keeps the message's stored change_seq: the actor's cursors never count a
 * change that was not stored (their client keeps its copy until a real change replaces it).
 */
export function asSeenByActor(message: Message, stored: Pick<MessageRow, "changeSeq">): Message {
  return { ...message, changeSeq: stored.changeSeq };
}

function withheld(ctx: AppContext, userId: string, message: Message): { message: Message } {
  ctx.io.to(userRoom(userId)).emit(ServerEvent.messageUpdated, message);
  return { message };
}

async function currentMessage(ctx: AppContext, ref: MessageRef): Promise<Message> {
  const row = await findMessageInChat(ctx.db, ref.chatId, ref.messageId);
  if (!row) throw new AppError("MESSAGE_NOT_FOUND");
  return presentOne(ctx.db, row);
}

/** One message with its reactions and, for a reply, its quote (`viewer`: see presentMessages). */
export async function presentOne(db: Executor, row: MessageRow, viewer?: string): Promise<Message> {
  const [message] = await presentMessages(db, [row], null, viewer);
  if (!message) throw new Error("presenting one message gave none");
  return message;
}

/** Whether `seconds` have passed since the message was sent, by the database's clock. */
export function isOlderThan(message: MessageRow, seconds: number, now: Date): boolean {
  return now.getTime() - message.createdAt.getTime() > seconds * 1000;
}
