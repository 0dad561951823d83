import { ServerEvent, type UpdateProfileBody } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import type { UserRow } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { chatRoom, userRoom } from "../../realtime/rooms.js";
import { chatIdsOfUser } from "../chats/chats.repo.js";
import { deleteIfUnused, ownImage } from "../files/files.repo.js";
import { blockedIdsOf } from "./blocks.repo.js";
import { presentPublicUser } from "./user.presenter.js";
import { findUserById, updateProfile } from "./users.repo.js";

/**
 * Name, status and photo. A photo is a square image I uploaded (`POST /api/files?square=1`, cropped
 * by the server); the one it replaces is deleted unless something else shows it. Everyone who
 * shares a chat with me, and my own devices, hear of it at once, except the people I blocked.
 */
export async function updateMyProfile(ctx: AppContext, userId: string, body: UpdateProfileBody): Promise<UserRow> {
  const { user, orphanedKeys } = await ctx.db.transaction(async (tx) => {
    const before = await findUserById(tx, userId);
    if (!before) throw new AppError("UNAUTHENTICATED", "This account no longer exists");
    if (body.avatarFileId) {
      const image = await ownImage(tx, body.avatarFileId, userId);
      if (image.width !== image.height) {
        throw new AppError("VALIDATION_FAILED", "A profile photo is square: upload it with ?square=1", {
          details: [{ path: "avatarFileId", message: "not a square image" }],
        });
      }
    }
    const user = await updateProfile(tx, userId, body);
    if (!user) throw new AppError("UNAUTHENTICATED", "This account no longer exists");
    const replaced =
      body.avatarFileId !== undefined && before.avatarFileId && before.avatarFileId !== body.avatarFileId;
    return {
      user,
      orphanedKeys: replaced && before.avatarFileId ? await deleteIfUnused(tx, [before.avatarFileId]) : [],
    };
  });
  await ctx.files?.removeStored(orphanedKeys);
  await announceProfile(ctx, user);
  return user;
}

/** To my chats' rooms and my own sockets, never to anyone I blocked. */
async function announceProfile(ctx: AppContext, user: UserRow): Promise<void> {
  const rooms = (await chatIdsOfUser(ctx.db, user.id)).map(chatRoom);
  const blocked = (await blockedIdsOf(ctx.db, user.id)).map(userRoom);
  ctx.io
    .to([...rooms, userRoom(user.id)])
    .except(blocked)
    .emit(ServerEvent.userUpdated, presentPublicUser(user));
}
