import {
  type ClientEvent,
  type ClientPayload,
  type Message,
  type PinnedMessage,
  ServerEvent,
} from "@teamchat/protocol";
import { TransactionRollbackError } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { Executor } from "../../db/database.js";
import type { MessageRow } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { chatRoom, userRoom } from "../../realtime/rooms.js";
import { notMemberError } from "../chats/chat-queries.js";
import { asSeenByActor, type BlockStance, blockStance, presentOne, Withheld } from "../messages/change-message.js";
import { NO_REACTIONS, presentMessage, presentMessages } from "../messages/message.presenter.js";
import {
  type ChangeSlot,
  findMessageForChange,
  findMessageInChat,
  stampChange,
  takeChangeSlot,
} from "../messages/message-changes.repo.js";
import { insertSystemMessage } from "../messages/messages.repo.js";
import { displayNameOf, membersCanPin, pinsOfChat, pinsOverLimit } from "./pins.repo.js";

type PinInput = ClientPayload<typeof ClientEvent.messagePin>;

type PinOutcome = { message: MessageRow; unpinned: MessageRow[]; note: MessageRow | null };
/** What a blocked person is shown of a withheld pin (block-stance rule, change-message.ts). */
type WithheldPin = { message: Message; pins: PinnedMessage[] };

/**
 * Pins (or unpins) a message in one transaction holding the chat row lock: the pin is a change
 * of the message (next change_seq, so sync carries it), a pin beyond LIMITS.pinsPerChat unpins
 * the oldest (another change), and pinning writes a system message. Afterwards the members get
 * message:updated for each changed message, message:new for the note, and chat:pins.
 */
export async function setPinned(
  ctx: AppContext,
  userId: string,
  ref: PinInput,
  pinned: boolean,
): Promise<{ message: Message }> {
  let outcome: PinOutcome;
  try {
    outcome = await ctx.db.transaction(async (tx) => {
      const slot = await takeChangeSlot(tx, ref.chatId, userId);
      if (!slot) throw await notMemberError(tx, ref.chatId);
      const stance = await assertMayPin(tx, ref.chatId, userId, slot);
      const target = await findMessageForChange(tx, ref.chatId, ref.messageId);
      if (!target) throw new AppError("MESSAGE_NOT_FOUND");
      if (target.deletedAt) throw new AppError("MESSAGE_DELETED");
      if ((target.pinnedAt !== null) === pinned) return tx.rollback();
      const done = await applyPin(tx, ref, userId, slot, target, pinned);
      if (stance === "withheld") {
        const seen = asSeenByActor(await presentOne(tx, done.message), target);
        throw new Withheld<WithheldPin>({ message: seen, pins: await pinsOfChat(tx, ref.chatId) });
      }
      return done;
    });
  } catch (err) {
    if (err instanceof Withheld) return withheldPin(ctx, userId, ref.chatId, err.seen as WithheldPin);
    if (!(err instanceof TransactionRollbackError)) throw err;
    const row = await findMessageInChat(ctx.db, ref.chatId, ref.messageId);
    if (!row) throw new AppError("MESSAGE_NOT_FOUND");
    return { message: await presentOne(ctx.db, row) };
  }
  const [message, ...unpinned] = await presentMessages(ctx.db, [outcome.message, ...outcome.unpinned]);
  if (!message) throw new AppError("INTERNAL");
  const room = chatRoom(ref.chatId);
  for (const changed of [message, ...unpinned]) ctx.io.to(room).emit(ServerEvent.messageUpdated, changed);
  if (outcome.note) ctx.io.to(room).emit(ServerEvent.messageNew, presentMessage(outcome.note, NO_REACTIONS));
  await announcePins(ctx, ref.chatId);
  return { message };
}

/** Pins or unpins the locked message (a pin beyond the limit unpins the oldest) and writes the note. */
async function applyPin(
  tx: Executor,
  ref: PinInput,
  userId: string,
  slot: ChangeSlot,
  target: MessageRow,
  pinned: boolean,
): Promise<PinOutcome> {
  if (!pinned) {
    return {
      message: await stampChange(tx, target.id, slot, { pinnedAt: null, pinnedBy: null }),
      unpinned: [],
      note: null,
    };
  }
  const message = await stampChange(tx, target.id, slot, { pinnedAt: slot.at, pinnedBy: userId });
  const unpinned: MessageRow[] = [];
  for (const id of await pinsOverLimit(tx, ref.chatId)) {
    const next = await takeChangeSlot(tx, ref.chatId, userId);
    if (next) unpinned.push(await stampChange(tx, id, next, { pinnedAt: null, pinnedBy: null }));
  }
  const note = await insertSystemMessage(tx, ref.chatId, `${await displayNameOf(tx, userId)} pinned a message`);
  return { message, unpinned, note };
}

/** A blocked person's pin: shown done on their own devices, stored nowhere, never told to the blocker. */
function withheldPin(ctx: AppContext, userId: string, chatId: string, seen: WithheldPin): { message: Message } {
  ctx.io.to(userRoom(userId)).emit(ServerEvent.messageUpdated, seen.message);
  ctx.io.to(userRoom(userId)).emit(ServerEvent.chatPins, { chatId, pins: seen.pins });
  return { message: seen.message };
}

/** Tells the chat's members its pins as they now are. */
export async function announcePins(ctx: AppContext, chatId: string): Promise<void> {
  const pins = await pinsOfChat(ctx.db, chatId);
  ctx.io.to(chatRoom(chatId)).emit(ServerEvent.chatPins, { chatId, pins });
}

/**
 * Groups: admins, or anyone when the group lets members pin. Direct chats: either person; a
 * block between them is met as any change meets it (blockStance), and a pin, which always tells
 * the chat (a note, the pins list), is withheld even on the blocked person's undelivered message.
 */
async function assertMayPin(tx: Executor, chatId: string, userId: string, slot: ChangeSlot): Promise<BlockStance> {
  if (slot.chatType === "direct") return blockStance(tx, slot, chatId, userId, null);
  if (slot.actorRole !== "admin" && !(await membersCanPin(tx, chatId))) throw new AppError("NOT_AN_ADMIN");
  return "free";
}
