import {
  type AdminAddMembersBody,
  type AdminChatResult,
  type AdminCreateChatBody,
  LIMITS,
  type Message,
  ServerEvent,
} from "@teamchat/protocol";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { chatMembers, chats, users } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { chatRoom } from "../../realtime/rooms.js";
import { createChannel } from "../channels/channels.js";
import { createGroupChat } from "../chats/create-chat.js";
import { addMembers } from "../groups/group-admin.js";
import { groupMembers } from "../groups/groups.repo.js";
import { NO_REACTIONS, presentMessage } from "../messages/message.presenter.js";
import { insertSystemMessage } from "../messages/messages.repo.js";
import { userIdsInDepartments } from "../sso/external-users.js";
import { requireExternalUser } from "./admin-users.js";

/** User ids for external ids (all must exist) plus the enabled members of whole departments. */
async function resolveMembers(ctx: AppContext, sel: { memberExternalIds: string[]; departments: string[] }) {
  const wanted = [...new Set(sel.memberExternalIds)];
  const rows =
    wanted.length > 0
      ? await ctx.db
          .select({ id: users.id, externalId: users.externalId })
          .from(users)
          .where(inArray(users.externalId, wanted))
      : [];
  const found = new Set(rows.map((r) => r.externalId));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) throw new AppError("USER_NOT_FOUND", `Unknown user(s): ${missing.slice(0, 5).join(", ")}`);
  const ids = new Set([...rows.map((r) => r.id), ...(await userIdsInDepartments(ctx.db, sel.departments))]);
  if (ids.size > LIMITS.groupMembersMax) {
    throw new AppError("VALIDATION_FAILED", `A group has at most ${LIMITS.groupMembersMax} members`);
  }
  return [...ids];
}

/** Creates a group or a channel owned (as admin) by a person, with members picked by id or department. */
export async function adminCreateChat(ctx: AppContext, body: AdminCreateChatBody): Promise<AdminChatResult> {
  const owner = await requireExternalUser(ctx, body.ownerExternalId);
  if (owner.disabledAt) throw new AppError("ACCOUNT_DISABLED", "The owner's account is disabled");
  const memberIds = (await resolveMembers(ctx, body)).filter((id) => id !== owner.id);
  if (body.kind === "channel") {
    // The same commands the app uses: the owner creates it, then adds the members (system
    // message, live sockets join, chat:created to each).
    const channel = await createChannel(ctx, owner.id, {
      name: body.name,
      ...(body.description !== undefined && { description: body.description }),
      announcement: body.announcement,
    });
    const withMembers =
      memberIds.length > 0 ? await addMembers(ctx, owner.id, channel.id, { userIds: memberIds }) : channel;
    return {
      chatId: channel.id,
      name: body.name,
      memberCount: withMembers.members.length,
      addedUserIds: [owner.id, ...memberIds],
    };
  }
  const chat = await createGroupChat(ctx, owner.id, {
    name: body.name,
    ...(body.description !== undefined && { description: body.description }),
    memberIds,
  });
  return { chatId: chat.id, name: body.name, memberCount: chat.members.length, addedUserIds: [owner.id, ...memberIds] };
}

/**
 * Adds people to a group as its longest-standing admin would (the system message names that
 * admin), through the same command the app uses, so live sockets join and clients hear of it.
 */
export async function adminAddMembers(ctx: AppContext, chatId: string, body: AdminAddMembersBody) {
  const before = await groupMembers(ctx.db, chatId);
  const [admin] = await ctx.db
    .select({ userId: chatMembers.userId, name: chats.name })
    .from(chatMembers)
    .innerJoin(chats, eq(chats.id, chatMembers.chatId))
    .where(
      and(eq(chatMembers.chatId, chatId), eq(chatMembers.role, "admin"), inArray(chats.type, ["group", "channel"])),
    )
    .orderBy(asc(chatMembers.joinedAt))
    .limit(1);
  if (!admin) throw new AppError("CHAT_NOT_FOUND", "No group with that id");
  const present = new Set(before.map((m) => m.userId));
  const toAdd = (await resolveMembers(ctx, body)).filter((id) => !present.has(id));
  const chat = toAdd.length > 0 ? await addMembers(ctx, admin.userId, chatId, { userIds: toAdd }) : null;
  return {
    chatId,
    name: chat?.name ?? admin.name ?? "",
    memberCount: chat?.members.length ?? before.length,
    addedUserIds: toAdd,
  } satisfies AdminChatResult;
}

/** A system message from the host app ("Leave request approved"), live to every member. */
export async function adminPostNotice(ctx: AppContext, chatId: string, text: string): Promise<Message> {
  const [chat] = await ctx.db.select({ id: chats.id }).from(chats).where(eq(chats.id, chatId));
  if (!chat) throw new AppError("CHAT_NOT_FOUND");
  const message = presentMessage(await insertSystemMessage(ctx.db, chatId, text), NO_REACTIONS);
  ctx.io.to(chatRoom(chatId)).emit(ServerEvent.messageNew, message);
  return message;
}
