import { ServerEvent } from "@teamchat/protocol";
import type { StatementRunner } from "../../db/database.js";
import type { ChatIo } from "../../realtime/io.js";
import { chatRoom, userRoom } from "../../realtime/rooms.js";
import { PointerBatcher, type PointerMark } from "./pointer-batcher.js";
import { advanceReadPointers, type ReadPointer } from "./receipts.repo.js";

/**
 * Read marks come from every open chat as messages arrive, about as often as delivered marks.
 * They are merged per (chat, member) and written in one statement per window
 * (READ_BATCH_WINDOW_MS), like delivered marks; the window is shorter (50 ms by default) because
 * a read moves badges on the reader's other tabs and the sender's blue ticks, which people watch.
 * Resolves each mark with the member's stored read pointer and the counts after it.
 */
export class ReadBatcher extends PointerBatcher<ReadPointer> {
  /** `run`: the statement's runner (a prepared statement in the server). */
  constructor(run: StatementRunner, io: ChatIo, windowMs: number, observeBatch?: (rows: number) => void) {
    super(windowMs, (batch) => storeRead(run, io, batch), observeBatch);
  }
}

async function storeRead(run: StatementRunner, io: ChatIo, batch: PointerMark[]): Promise<(ReadPointer | null)[]> {
  const stored = await advanceReadPointers(run, batch);
  batch.forEach((mark, i) => {
    const update = stored[i];
    if (!update?.advanced) return;
    const { chatId, userId } = mark;
    // As in WhatsApp: a reader who hides receipts tells no one, and in a direct chat someone
    // who hides theirs does not see the other's either.
    // Across a block, nobody learns anything (the blocked person sees no blue ticks).
    const othersMaySee =
      update.sharesReadReceipts && (update.chatType !== "direct" || (update.peerSharesReadReceipts && !update.blocked));
    const audience = othersMaySee ? io.to(chatRoom(chatId)) : io.to(userRoom(userId));
    audience.emit(ServerEvent.messageRead, { chatId, userId, upToSeq: update.readSeq });
    // The user's own devices always get the new pointer and counts (badges stay in sync across tabs).
    io.to(userRoom(userId)).emit(ServerEvent.chatReadState, {
      chatId,
      readSeq: update.readSeq,
      unreadCount: update.unreadCount,
      mentionCount: update.mentionCount,
    });
  });
  return stored;
}
