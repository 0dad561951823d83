import type { ChatSummary, CreateChannelBody } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { getChatSummary } from "../chats/chat-queries.js";
import { announceNewChat } from "../chats/create-chat.js";
import { runGroupChange } from "../groups/group-change.js";
import { insertMembers } from "../groups/groups.repo.js";
import { systemText } from "../groups/system-text.js";
import { insertChannel } from "./channels.repo.js";

/** Any user may create a channel; they become its admin. */
/** `notice`: the host app's "Channel created by …" (admin API), read by the creator already. */
export async function createChannel(
  ctx: AppContext,
  creatorId: string,
  body: CreateChannelBody,
  notice?: string,
): Promise<ChatSummary> {
  const chatId = await insertChannel(ctx.db, creatorId, {
    name: body.name,
    description: body.description?.length ? body.description : null,
    announcement: body.announcement,
    notice,
  });
  const chat = await getChatSummary(ctx.database, creatorId, chatId);
  await announceNewChat(ctx, chat, [creatorId]);
  return chat;
}

/**
 * Any user may join a channel (a former member too: from now on they read it again). Joining
 * again changes nothing. A group or direct chat is not joinable and answers as not found.
 */
export function joinChannel(ctx: AppContext, userId: string, chatId: string): Promise<ChatSummary> {
  return runGroupChange(
    ctx,
    userId,
    chatId,
    async (group) => {
      if (group.chat.type !== "channel") throw new AppError("CHAT_NOT_FOUND");
      if (group.members.some((m) => m.userId === userId)) return {};
      const note = await group.note(systemText.joined(group.actor.displayName));
      await insertMembers(group.tx, chatId, [userId], note.seq);
      return { added: [userId] };
    },
    { joining: true, anyChatType: true },
  );
}
