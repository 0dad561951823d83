import { type PushMessagePayload, plainText } from "@teamchat/protocol";

/** Long enough to read on a lock screen, short enough to stay far below the 4 KB push limit. */
export const PREVIEW_MAX_CHARS = 120;

export type PayloadSource = {
  chatId: string;
  chatType: "direct" | "group" | "channel";
  chatName: string | null;
  senderName: string | null;
  body: string;
  voice?: boolean;
};

/** The JSON the service worker shows: sender (and group) as title, a one-line preview as body. */
export function buildPushPayload(source: PayloadSource): PushMessagePayload {
  const sender = source.senderName ?? "Someone";
  const title = source.chatType !== "direct" && source.chatName ? `${sender} @ ${source.chatName}` : sender;
  return {
    type: "message",
    chatId: source.chatId,
    title,
    // A message of files only has no text: say what it is rather than nothing.
    body: previewOf(source.body) || (source.voice ? "🎤 Voice message" : "📎 Sent a file"),
    // The chat's own address in the web app (its routes: packages/web/src/app/routes.ts).
    url: `/chats/${encodeURIComponent(source.chatId)}`,
  };
}

/** One line, at most PREVIEW_MAX_CHARS characters counted by code point (never splits an emoji's surrogates). */
export function previewOf(body: string): string {
  const oneLine = plainText(body).replace(/\s+/g, " ").trim();
  const chars = Array.from(oneLine);
  if (chars.length <= PREVIEW_MAX_CHARS) return oneLine;
  return `${chars
    .slice(0, PREVIEW_MAX_CHARS - 1)
    .join("")
    .trimEnd()}…`;
}

/**
 * The Topic header (≤ 32 URL-safe characters): the push service keeps only the newest pending
 * message per topic, so an offline phone wakes to one notification per chat, not a backlog.
 */
export function topicFor(chatId: string): string {
  // A uuid without its dashes is exactly 32 hex characters: shortened without losing anything.
  return chatId.replace(/[^A-Za-z0-9_]/g, "").slice(0, 32);
}
