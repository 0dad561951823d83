import { ServerEvent, type StarredMessage, type StarState } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { userRoom } from "../../realtime/rooms.js";
import { readableRange } from "../chats/chat-queries.js";
import { presentMessages } from "../messages/message.presenter.js";
import { findMessageInChat } from "../messages/message-changes.repo.js";
import { deleteStar, insertStar, starredOf } from "./stars.repo.js";

/** How many starred messages the list returns (newest first). */
const STARRED_MAX = 500;

/**
 * Stars or unstars a message I can read (member, or a former member before leaving). The new
 * state goes to all my sockets, so every device agrees; each device reloads the list after a
 * reconnection (the SDK), so a missed event is caught up.
 */
export async function setStar(
  ctx: AppContext,
  userId: string,
  chatId: string,
  messageId: string,
  starred: boolean,
): Promise<StarState> {
  const { maxSeq } = await readableRange(ctx.db, chatId, userId);
  const message = await findMessageInChat(ctx.db, chatId, messageId);
  if (!message || (maxSeq !== null && message.seq > maxSeq)) throw new AppError("MESSAGE_NOT_FOUND");
  let state: StarState;
  if (starred) {
    if (message.deletedAt) throw new AppError("MESSAGE_DELETED");
    const at = await insertStar(ctx.db, userId, chatId, messageId);
    state = { chatId, messageId, starred: true, starredAt: at.toISOString() };
  } else {
    await deleteStar(ctx.db, userId, messageId);
    state = { chatId, messageId, starred: false, starredAt: null };
  }
  ctx.io.to(userRoom(userId)).emit(ServerEvent.messageStarred, state);
  return state;
}

/** My starred messages, newest star first, presented like any message. */
export async function listStarred(ctx: AppContext, userId: string): Promise<StarredMessage[]> {
  const stars = await starredOf(ctx.db, userId, STARRED_MAX);
  const messages = await presentMessages(
    ctx.db,
    stars.map((s) => s.row),
  );
  return messages.map((message, i) => ({
    message,
    starredAt: (stars[i]?.starredAt ?? new Date()).toISOString(),
  }));
}
