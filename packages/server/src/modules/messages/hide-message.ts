import { type ClientEvent, type ClientPayload, ServerEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { userRoom } from "../../realtime/rooms.js";
import { readableRange } from "../chats/chat-queries.js";
import { type Hide, insertHide } from "./hides.repo.js";
import { findMessageInChat } from "./message-changes.repo.js";

type HideInput = ClientPayload<typeof ClientEvent.messageHide>;

/**
 * Delete for me: any message I can read (a former member too, up to their departure) disappears
 * from my history, search and every device of mine; nobody else is told. Idempotent.
 */
export async function hideMessage(ctx: AppContext, userId: string, input: HideInput): Promise<Hide> {
  const hide = await ctx.db.transaction(async (tx) => {
    const { maxSeq } = await readableRange(tx, input.chatId, userId);
    const message = await findMessageInChat(tx, input.chatId, input.messageId);
    if (!message || (maxSeq !== null && message.seq > maxSeq)) throw new AppError("MESSAGE_NOT_FOUND");
    return insertHide(tx, userId, input.chatId, input.messageId);
  });
  ctx.io.to(userRoom(userId)).emit(ServerEvent.messageHidden, hide);
  return hide;
}
