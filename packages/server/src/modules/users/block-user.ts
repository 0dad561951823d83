import { ServerEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { userRoom } from "../../realtime/rooms.js";
import { block } from "./blocks.repo.js";
import { findUserById } from "./users.repo.js";

/**
 * Blocks someone. From now on they learn nothing of me (presence, last seen, typing, profile,
 * read receipts) and their messages to me are acknowledged but never delivered; nothing they
 * receive names the block. They see me go offline now, as if I had closed the app.
 */
export async function blockUser(ctx: AppContext, blockerId: string, blockedId: string): Promise<void> {
  if (blockedId === blockerId) throw new AppError("VALIDATION_FAILED", "You cannot block yourself");
  if (!(await findUserById(ctx.db, blockedId))) throw new AppError("USER_NOT_FOUND");
  await block(ctx.db, blockerId, blockedId);
  ctx.io
    .to(userRoom(blockedId))
    .emit(ServerEvent.presenceUpdate, { userId: blockerId, online: false, lastSeenAt: null });
}
