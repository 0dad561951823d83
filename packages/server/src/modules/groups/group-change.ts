import { type ChatSummary, ServerEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import type { Executor } from "../../db/database.js";
import type { ChatRow, MessageRow } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { chatRoom, userRoom } from "../../realtime/rooms.js";
import { getChatSummary, getChatSummaryUnwithheld } from "../chats/chat-queries.js";
import { NO_REACTIONS, presentMessage } from "../messages/message.presenter.js";
import { insertSystemMessage } from "../messages/messages.repo.js";
import { blocksAmong } from "../users/blocks.repo.js";
import { summaryFor } from "../users/withheld-profile.js";
import { displayNames, type GroupMember, groupMembers, lockChat } from "./groups.repo.js";

/** What a group change sees: the locked chat, its members (the actor among them), a system-message writer. */
export type GroupTx = {
  tx: Executor;
  chat: ChatRow;
  actor: GroupMember;
  members: GroupMember[];
  /** Writes a system message (a notice when the host app acts) with the chat's next seq and change_seq. */
  note: (body: string) => Promise<MessageRow>;
  /** The host app's name when it makes the change through the admin API (its notices name it). */
  host: string | undefined;
};

export type Departure = { userId: string; reason: "left" | "removed"; leftAtSeq: number };
export type GroupEffects = {
  added?: string[];
  departed?: Departure[];
  /** Stored bytes of files the change left unused (a replaced photo): removed after commit. */
  orphanedKeys?: string[];
};

/**
 * Runs one group change in one transaction: lock the chat row (sends and other changes in the
 * chat wait), check that the actor is a member of a group, apply the change and write its system
 * messages. A change that writes no system message changed nothing and announces nothing.
 * After commit: room moves, then chat:created/chat:updated, then the system messages, then
 * chat:removed. Answers the chat as the actor now sees it.
 */
export async function runGroupChange(
  ctx: AppContext,
  actorId: string,
  chatId: string,
  apply: (group: GroupTx) => Promise<GroupEffects>,
  options: {
    /** Also for direct chats (a chat-wide setting such as disappearing messages). */
    anyChatType?: boolean;
    /** The actor is joining (a channel): not a member yet. */
    joining?: boolean;
    /**
     * The host app's name: the admin API acts through a group admin (whose rights are checked)
     * but the change is the app's, written as a `notice` that names it.
     */
    host?: string;
  } = {},
): Promise<ChatSummary> {
  const { notes, effects } = await ctx.db.transaction(async (tx) => {
    const chat = await lockChat(tx, chatId);
    if (!chat) throw new AppError("CHAT_NOT_FOUND");
    const members = await groupMembers(tx, chatId);
    const actor = members.find((m) => m.userId === actorId) ?? (options.joining ? await newcomer(tx, actorId) : null);
    if (!actor) throw new AppError("NOT_A_MEMBER");
    if (chat.type === "direct" && !options.anyChatType) throw new AppError("NOT_A_GROUP");
    const notes: MessageRow[] = [];
    const note = async (body: string) => {
      const row = await insertSystemMessage(tx, chatId, body, options.host ? "notice" : "system");
      notes.push(row);
      return row;
    };
    const effects = await apply({ tx, chat, actor, members, note, host: options.host });
    return { notes, effects };
  });
  await ctx.files?.removeStored(effects.orphanedKeys ?? []);
  if (notes.length > 0) await announce(ctx, chatId, notes, effects);
  return getChatSummary(ctx.database, actorId, chatId);
}

async function newcomer(tx: Executor, userId: string): Promise<GroupMember> {
  const names = await displayNames(tx, [userId]);
  const displayName = names.get(userId);
  if (displayName === undefined) throw new AppError("USER_NOT_FOUND");
  return { userId, role: "member", displayName };
}

async function announce(ctx: AppContext, chatId: string, notes: MessageRow[], effects: GroupEffects): Promise<void> {
  const room = chatRoom(chatId);
  const added = new Set(effects.added ?? []);
  const departed = effects.departed ?? [];
  // Through the adapter, so sockets on every node move before anything else is emitted.
  for (const d of departed) ctx.io.in(userRoom(d.userId)).socketsLeave(room);
  if (added.size > 0) ctx.io.in([...added].map(userRoom)).socketsJoin(room);

  const current = await memberView(ctx, chatId);
  const blocks = await blocksAmong(ctx.db, current?.members.map((m) => m.user.id) ?? []);
  for (const member of current?.members ?? []) {
    if (!current) break;
    const isNew = added.has(member.user.id);
    const view: ChatSummary = {
      ...summaryFor(current, blocks.get(member.user.id) ?? new Set()),
      myRole: member.role,
      ...(isNew && { myReadSeq: member.deliveredSeq, myDeliveredSeq: member.deliveredSeq, unreadCount: 0 }),
    };
    ctx.io.to(userRoom(member.user.id)).emit(isNew ? ServerEvent.chatCreated : ServerEvent.chatUpdated, view);
  }

  const messages = notes.map((row) => presentMessage(row, NO_REACTIONS));
  for (const message of messages) ctx.io.to(room).emit(ServerEvent.messageNew, message);

  for (const d of departed) {
    // They are out of the room: the messages up to their departure reach them directly.
    for (const message of messages) {
      if (message.seq <= d.leftAtSeq) ctx.io.to(userRoom(d.userId)).emit(ServerEvent.messageNew, message);
    }
    const chat = await getChatSummary(ctx.database, d.userId, chatId);
    ctx.io.to(userRoom(d.userId)).emit(ServerEvent.chatRemoved, { chatId, reason: d.reason, chat });
  }
}

/**
 * The chat as its longest-standing current member sees it, every profile in full (null when
 * nobody is left): each recipient gets it with the profiles of those who blocked them withheld.
 */
async function memberView(ctx: AppContext, chatId: string): Promise<ChatSummary | null> {
  const [first] = await groupMembers(ctx.db, chatId);
  return first ? getChatSummaryUnwithheld(ctx.database, first.userId, chatId) : null;
}
