import { type ChatSettings, type ChatSettingsBody, type MuteDuration, ServerEvent } from "@teamchat/protocol";
import { and, eq, sql } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { chatMembers } from "../../db/schema.js";
import { userRoom } from "../../realtime/rooms.js";
import { presentMySettings } from "./chat.presenter.js";
import { notMemberError } from "./chat-queries.js";

/** "Always" is stored as a far-future time: one column, and a mute check is one comparison. */
const FOREVER = new Date("9999-12-31T00:00:00.000Z");

function muteUntil(duration: MuteDuration, now = Date.now()): Date | null {
  switch (duration) {
    case "8h":
      return new Date(now + 8 * 3_600_000);
    case "1w":
      return new Date(now + 7 * 86_400_000);
    case "always":
      return FOREVER;
    case "off":
      return null;
  }
}

/**
 * My mute / archive / pin of a chat. Every device of mine is told at once (chat:settings), and
 * the chat list carries them, so a device that was offline gets them at its next catch-up.
 */
export async function updateChatSettings(
  ctx: AppContext,
  userId: string,
  chatId: string,
  body: ChatSettingsBody,
): Promise<ChatSettings> {
  const [row] = await ctx.db
    .update(chatMembers)
    .set({
      ...(body.mute !== undefined && { mutedUntil: muteUntil(body.mute) }),
      ...(body.archived !== undefined && { archived: body.archived }),
      ...(body.pinned !== undefined && { pinnedAt: body.pinned ? sql`now()` : null }),
    })
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)))
    .returning({ mutedUntil: chatMembers.mutedUntil, archived: chatMembers.archived, pinnedAt: chatMembers.pinnedAt });
  if (!row) throw await notMemberError(ctx.db, chatId);
  const settings = { chatId, ...presentMySettings(row) };
  ctx.io.to(userRoom(userId)).emit(ServerEvent.chatSettings, settings);
  return settings;
}
