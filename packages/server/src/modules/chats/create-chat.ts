import { type ChatSummary, type CreateGroupChatBody, ServerEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import type { Executor } from "../../db/database.js";
import { AppError } from "../../errors.js";
import { chatRoom, userRoom } from "../../realtime/rooms.js";
import { blocksAmong, iBlocked, whoBlocked } from "../users/blocks.repo.js";
import { summaryFor } from "../users/withheld-profile.js";
import { getChatSummary } from "./chat-queries.js";
import { existingUserIds, insertGroupChat, upsertDirectChat } from "./chats.repo.js";

/** One direct chat per pair: creating it again returns the same chat with `created: false`. */
export async function createDirectChat(
  ctx: AppContext,
  meId: string,
  otherId: string,
): Promise<{ chat: ChatSummary; created: boolean }> {
  if (otherId === meId) throw new AppError("VALIDATION_FAILED", "A direct chat needs another user");
  if (!(await existingUserIds(ctx.db, [otherId])).has(otherId)) throw new AppError("USER_NOT_FOUND");
  // Someone I blocked I unblock first; someone who blocked me is never told (their side shows
  // nothing: the chat stays out of their list and my messages stay undelivered).
  if (await iBlocked(ctx.db, meId, otherId)) throw new AppError("BLOCKED");
  const { chatId, created } = await upsertDirectChat(ctx.db, meId, otherId);
  const chat = await getChatSummary(ctx.database, meId, chatId);
  if (created) {
    // Both people's sockets join the room now; only I am told: the other person gets the chat
    // with its first message (messages/send-message.ts, `unlisted_for`).
    ctx.io.in([meId, otherId].map(userRoom)).socketsJoin(chatRoom(chatId));
    ctx.io.to(userRoom(meId)).emit(ServerEvent.chatCreated, chat);
  }
  return { chat, created };
}

export async function createGroupChat(
  ctx: AppContext,
  creatorId: string,
  body: CreateGroupChatBody,
  /** The host app's "Group created by …" (admin API): the first message, already read by all. */
  notice?: string,
): Promise<ChatSummary> {
  const memberIds = [...new Set(body.memberIds)].filter((id) => id !== creatorId);
  const found = await existingUserIds(ctx.db, memberIds);
  const missing = memberIds.filter((id) => !found.has(id));
  if (missing.length > 0) throw new AppError("USER_NOT_FOUND", `Unknown user(s): ${missing.slice(0, 5).join(", ")}`);
  await assertNoneBlocked(ctx.db, creatorId, memberIds);
  const chatId = await insertGroupChat(ctx.db, creatorId, {
    name: body.name,
    description: body.description?.length ? body.description : null,
    memberIds,
    notice,
  });
  const chat = await getChatSummary(ctx.database, creatorId, chatId);
  await announceNewChat(ctx, chat, [creatorId, ...memberIds]);
  return chat;
}

/**
 * Someone who blocked me cannot be put into a group by me (a way around the block). The refusal
 * does not name the block: blocking tells the blocked person nothing.
 */
export async function assertNoneBlocked(db: Executor, actorId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const blockers = await whoBlocked(db, actorId);
  if (userIds.some((id) => blockers.has(id))) throw new AppError("CANNOT_ADD_MEMBER");
}

/**
 * Moves every live socket of the members (on every node, through the adapter) into the chat's
 * room, then tells each member about the chat as they see it (their own role).
 */
export async function announceNewChat(ctx: AppContext, creatorView: ChatSummary, memberIds: string[]): Promise<void> {
  const room = chatRoom(creatorView.id);
  ctx.io.in(memberIds.map(userRoom)).socketsJoin(room);
  // Members may have blocked one another (nobody the creator added blocked the creator).
  const blocks = await blocksAmong(ctx.db, memberIds);
  for (const memberId of memberIds) {
    const mine = creatorView.members.find((m) => m.user.id === memberId);
    const view = summaryFor(creatorView, blocks.get(memberId) ?? new Set());
    ctx.io.to(userRoom(memberId)).emit(ServerEvent.chatCreated, { ...view, myRole: mine?.role ?? "member" });
  }
}
