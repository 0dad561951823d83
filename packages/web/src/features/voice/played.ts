import type { ChatSummary } from "@teamchat/protocol";

/**
 * The sender's blue mic, like the blue ticks (messages/selectors.ts tickFor): every other member
 * played it. `playedBy` never lists members who hide read receipts (the server leaves them out),
 * so, as with "read", such a member keeps it grey. In a direct chat, hiding my own read receipts
 * hides the other person's too (as the server does for their read pointer).
 */
export function playedByAll(
  playedBy: readonly string[],
  chat: Pick<ChatSummary, "type" | "members"> | undefined,
  myId: string | undefined,
  iShareReadReceipts: boolean,
): boolean {
  if (playedBy.length === 0 || !chat) return false;
  if (chat.type === "direct" && !iShareReadReceipts) return false;
  const others = chat.members.filter((m) => m.user.id !== myId);
  return others.length > 0 && others.every((m) => playedBy.includes(m.user.id));
}
