import {
  type AddMembersBody,
  type ChatSummary,
  LIMITS,
  type MemberRole,
  ServerEvent,
  type SetDisappearingBody,
  type UpdateGroupBody,
  type UpdateGroupSettingsBody,
} from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { userRoom } from "../../realtime/rooms.js";
import { getChatSummary } from "../chats/chat-queries.js";
import { assertNoneBlocked } from "../chats/create-chat.js";
import { deleteIfUnused, ownImage } from "../files/files.repo.js";
import { blockStance, Withheld } from "../messages/change-message.js";
import { type GroupTx, runGroupChange } from "./group-change.js";
import { displayNames, insertMembers, moveToFormer, setRole, updateChat } from "./groups.repo.js";
import { settingLabel, systemText } from "./system-text.js";

function requireAdmin(group: GroupTx): void {
  if (group.actor.role !== "admin") throw new AppError("NOT_AN_ADMIN");
}

function requireMember(group: GroupTx, userId: string) {
  const target = group.members.find((m) => m.userId === userId);
  if (!target) throw new AppError("USER_NOT_FOUND", "That user is not a member of this group");
  return target;
}

/** Admins, or any member when `membersCanAddOthers`; people already in the group are skipped. */
export function addMembers(
  ctx: AppContext,
  actorId: string,
  chatId: string,
  body: AddMembersBody,
  options: { host?: string } = {},
) {
  return runGroupChange(
    ctx,
    actorId,
    chatId,
    async (group) => {
      if (!group.chat.membersCanAddOthers) requireAdmin(group);
      const present = new Set(group.members.map((m) => m.userId));
      const wanted = [...new Set(body.userIds)].filter((id) => !present.has(id));
      if (wanted.length === 0) return {};
      const names = await displayNames(group.tx, wanted);
      const missing = wanted.filter((id) => !names.has(id));
      if (missing.length > 0)
        throw new AppError("USER_NOT_FOUND", `Unknown user(s): ${missing.slice(0, 5).join(", ")}`);
      await assertNoneBlocked(group.tx, actorId, wanted);
      if (present.size + wanted.length > LIMITS.groupMembersMax) {
        throw new AppError("VALIDATION_FAILED", `A group has at most ${LIMITS.groupMembersMax} members`);
      }
      const addedNames = wanted.map((id) => names.get(id) ?? "");
      const note = await group.note(
        group.host
          ? systemText.addedByHost(group.host, addedNames)
          : systemText.added(group.actor.displayName, addedNames),
      );
      await insertMembers(group.tx, chatId, wanted, note.seq);
      return { added: wanted };
    },
    options,
  );
}

/** Admins only; the removed member keeps the history up to the system message recording it. */
export function removeMember(
  ctx: AppContext,
  actorId: string,
  chatId: string,
  userId: string,
  options: { host?: string } = {},
) {
  return runGroupChange(
    ctx,
    actorId,
    chatId,
    async (group) => {
      requireAdmin(group);
      if (userId === actorId) throw new AppError("VALIDATION_FAILED", "To leave the group, use leave");
      const target = requireMember(group, userId);
      const note = await group.note(
        group.host
          ? systemText.removedByHost(group.host, target.displayName)
          : systemText.removed(group.actor.displayName, target.displayName),
      );
      await moveToFormer(group.tx, chatId, userId, note);
      return { departed: [{ userId, reason: "removed" as const, leftAtSeq: note.seq }] };
    },
    options,
  );
}

/** Admins only; the same role again changes nothing; the last admin cannot step down. */
export function setMemberRole(ctx: AppContext, actorId: string, chatId: string, userId: string, role: MemberRole) {
  return runGroupChange(ctx, actorId, chatId, async (group) => {
    requireAdmin(group);
    const target = requireMember(group, userId);
    if (target.role === role) return {};
    if (role === "member" && group.members.filter((m) => m.role === "admin").length <= 1) {
      throw new AppError("LAST_ADMIN");
    }
    await setRole(group.tx, chatId, userId, role);
    const text = role === "admin" ? systemText.promoted : systemText.demoted;
    await group.note(text(group.actor.displayName, target.displayName));
    return {};
  });
}

/**
 * Any member. When the last admin leaves, the longest-standing remaining member becomes admin
 * (a group never stays without one while it has members).
 */
export function leaveGroup(ctx: AppContext, actorId: string, chatId: string): Promise<ChatSummary> {
  return runGroupChange(ctx, actorId, chatId, async (group) => {
    const note = await group.note(systemText.left(group.actor.displayName));
    await moveToFormer(group.tx, chatId, actorId, note);
    const remaining = group.members.filter((m) => m.userId !== actorId);
    const [successor] = remaining;
    if (group.actor.role === "admin" && successor && !remaining.some((m) => m.role === "admin")) {
      await setRole(group.tx, chatId, successor.userId, "admin");
      await group.note(systemText.autoPromoted(successor.displayName));
    }
    return { departed: [{ userId: actorId, reason: "left" as const, leftAtSeq: note.seq }] };
  });
}

/** Admins only; one system message per field that really changed. */
export function updateGroup(ctx: AppContext, actorId: string, chatId: string, body: UpdateGroupBody) {
  return runGroupChange(ctx, actorId, chatId, async (group) => {
    requireAdmin(group);
    const { chat, actor } = group;
    const description = body.description === "" ? null : body.description;
    const changes = {
      ...(body.name !== undefined && body.name !== chat.name && { name: body.name }),
      ...(description !== undefined && description !== chat.description && { description }),
      ...(body.avatarFileId !== undefined &&
        body.avatarFileId !== chat.avatarFileId && { avatarFileId: body.avatarFileId }),
    };
    if (Object.keys(changes).length === 0) return {};
    if (changes.avatarFileId) await ownImage(group.tx, changes.avatarFileId, actorId);
    await updateChat(group.tx, chatId, changes);
    // The old photo goes with the change unless a message carries it too.
    const orphanedKeys =
      changes.avatarFileId !== undefined && chat.avatarFileId
        ? await deleteIfUnused(group.tx, [chat.avatarFileId])
        : [];
    if (changes.name !== undefined) await group.note(systemText.renamed(actor.displayName, changes.name));
    if (changes.description !== undefined)
      await group.note(systemText.described(actor.displayName, description ?? null));
    if (changes.avatarFileId !== undefined)
      await group.note(systemText.avatar(actor.displayName, changes.avatarFileId !== null));
    return { orphanedKeys };
  });
}

/**
 * The disappearing-messages timer: group admins, or either person of a direct chat. Only
 * messages sent afterwards carry an expiry; the same value again changes nothing. A block
 * between the two of a direct chat is met as a message change meets it (blockStance): the
 * blocked person's change is shown done on their own devices and stored nowhere.
 */
export async function setDisappearing(
  ctx: AppContext,
  actorId: string,
  chatId: string,
  body: SetDisappearingBody,
): Promise<ChatSummary> {
  try {
    return await runGroupChange(
      ctx,
      actorId,
      chatId,
      async (group) => {
        if (group.chat.type !== "direct") requireAdmin(group);
        const stance = await blockStance(group.tx, { chatType: group.chat.type }, chatId, actorId, null);
        if ((group.chat.disappearingSeconds ?? null) === body.seconds) return {};
        if (stance === "withheld") throw new Withheld(null);
        await updateChat(group.tx, chatId, { disappearingSeconds: body.seconds });
        await group.note(systemText.disappearing(group.actor.displayName, body.seconds));
        return {};
      },
      { anyChatType: true },
    );
  } catch (err) {
    if (!(err instanceof Withheld)) throw err;
    const seen = { ...(await getChatSummary(ctx.database, actorId, chatId)), disappearingSeconds: body.seconds };
    ctx.io.to(userRoom(actorId)).emit(ServerEvent.chatUpdated, seen);
    return seen;
  }
}

/** Admins only; one system message per setting that really changed. */
export function updateGroupSettings(ctx: AppContext, actorId: string, chatId: string, body: UpdateGroupSettingsBody) {
  return runGroupChange(ctx, actorId, chatId, async (group) => {
    requireAdmin(group);
    for (const key of ["onlyAdminsCanPost", "membersCanAddOthers", "membersCanPin"] as const) {
      const value = body[key];
      if (value === undefined || value === group.chat[key]) continue;
      await updateChat(group.tx, chatId, { [key]: value });
      await group.note(systemText.setting(group.actor.displayName, value, settingLabel[key]));
    }
    return {};
  });
}
