import type { ChatSummary } from "@teamchat/protocol";

/**
 * A system message as I should read it: the note of my own leaving (the message at my
 * `leftAtSeq`, stored as "<my name> left" for everyone) reads "You left" to me.
 */
export function systemTextFor(
  message: { seq: number | null; body: string },
  chat: Pick<ChatSummary, "leftAtSeq"> | undefined,
): string {
  if (chat?.leftAtSeq != null && message.seq === chat.leftAtSeq && message.body.endsWith(" left")) return "You left";
  return message.body;
}
