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
import { addMembers, removeMember } from "../groups/group-admin.js";
import { groupMembers } from "../groups/groups.repo.js";
import { systemText } from "../groups/system-text.js";
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
  const host = ctx.config.adminActorName;
  if (body.kind === "channel") {
    // The same commands the app uses: the owner creates it, then adds the members (system
    // message, live sockets join, chat:created to each).
    const channel = await createChannel(
      ctx,
      owner.id,
      {
        name: body.name,
        ...(body.description !== undefined && { description: body.description }),
        announcement: body.announcement,
      },
      systemText.createdByHost(host, "channel"),
    );
    const withMembers =
      memberIds.length > 0 ? await addMembers(ctx, owner.id, channel.id, { userIds: memberIds }, { host }) : channel;
    return {
      chatId: channel.id,
      name: body.name,
      memberCount: withMembers.members.length,
      addedUserIds: [owner.id, ...memberIds],
    };
  }
  const chat = await createGroupChat(
    ctx,
    owner.id,
    { name: body.name, ...(body.description !== undefined && { description: body.description }), memberIds },
    systemText.createdByHost(host, "group"),
  );
  return { chatId: chat.id, name: body.name, memberCount: chat.members.length, addedUserIds: [owner.id, ...memberIds] };
}

/**
 * The group admins the admin API acts through, longest-standing first: their rights are checked
 * by the same commands the app uses (live sockets join or leave, clients hear of it), while the
 * notice names the host app.
 */
async function groupAdmins(ctx: AppContext, chatId: string) {
  const admins = await ctx.db
    .select({ userId: chatMembers.userId, name: chats.name })
    .from(chatMembers)
    .innerJoin(chats, eq(chats.id, chatMembers.chatId))
    .where(
      and(eq(chatMembers.chatId, chatId), eq(chatMembers.role, "admin"), inArray(chats.type, ["group", "channel"])),
    )
    .orderBy(asc(chatMembers.joinedAt));
  if (admins.length === 0) throw new AppError("CHAT_NOT_FOUND", "No group with that id");
  return admins;
}

/** Adds people to a group: "Ben was added by Acme HR" (ADMIN_API_ACTOR_NAME). */
export async function adminAddMembers(ctx: AppContext, chatId: string, body: AdminAddMembersBody) {
  const before = await groupMembers(ctx.db, chatId);
  const [admin] = await groupAdmins(ctx, chatId);
  if (!admin) throw new AppError("CHAT_NOT_FOUND");
  const present = new Set(before.map((m) => m.userId));
  const toAdd = (await resolveMembers(ctx, body)).filter((id) => !present.has(id));
  const host = ctx.config.adminActorName;
  const chat = toAdd.length > 0 ? await addMembers(ctx, admin.userId, chatId, { userIds: toAdd }, { host }) : null;
  return {
    chatId,
    name: chat?.name ?? admin.name ?? "",
    memberCount: chat?.members.length ?? before.length,
    addedUserIds: toAdd,
  } satisfies AdminChatResult;
}

/**
 * Removes one person (by the host's id): "Ben was removed by Acme HR". Acts through an admin
 * other than that person; removing the only admin is LAST_ADMIN (the host promotes someone first).
 */
export async function adminRemoveMember(ctx: AppContext, chatId: string, externalId: string) {
  const target = await requireExternalUser(ctx, externalId);
  const admins = await groupAdmins(ctx, chatId);
  const admin = admins.find((a) => a.userId !== target.id);
  if (!admin) throw new AppError("LAST_ADMIN", "That person is the group's only admin");
  const chat = await removeMember(ctx, admin.userId, chatId, target.id, { host: ctx.config.adminActorName });
  return {
    chatId,
    name: chat.name ?? "",
    memberCount: chat.members.length,
    addedUserIds: [],
  } satisfies AdminChatResult;
}

/** A notice from the host app ("Leave request approved"), live to every member. */
export async function adminPostNotice(ctx: AppContext, chatId: string, text: string): Promise<Message> {
  const [chat] = await ctx.db.select({ id: chats.id }).from(chats).where(eq(chats.id, chatId));
  if (!chat) throw new AppError("CHAT_NOT_FOUND");
  return postNotice(ctx, chatId, text);
}

async function postNotice(ctx: AppContext, chatId: string, text: string): Promise<Message> {
  const message = presentMessage(await insertSystemMessage(ctx.db, chatId, text, "notice"), NO_REACTIONS);
  ctx.io.to(chatRoom(chatId)).emit(ServerEvent.messageNew, message);
  return message;
}
