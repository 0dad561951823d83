import { type ChatSummary, plainText } from "@teamchat/protocol";
import { format, isToday, isYesterday } from "date-fns";
import { BellOff, Megaphone, Pin } from "lucide-react";
import { memo } from "react";
import { useAppSelector } from "../../app/hooks.js";
import { attachmentLabel } from "../files/attachment-label.js";
import { selectTypingNames } from "../messages/selectors.js";
import { systemTextFor } from "../messages/system-text.js";
import { ChatAvatar } from "./ChatAvatar.js";
import { chatTitle, directPeer, isMuted } from "./selectors.js";

export function shortTime(iso: string): string {
  const d = new Date(iso);
  if (isToday(d)) return format(d, "HH:mm");
  if (isYesterday(d)) return "Yesterday";
  return format(d, "dd/MM/yyyy");
}

/** One row of the chat list: who, preview (or "typing…"), time, unread badge. */
export const ChatListItem = memo(function ChatListItem({
  chat,
  selected,
  myId,
  onSelect,
}: {
  chat: ChatSummary;
  selected: boolean;
  myId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const typing = useAppSelector((s) => selectTypingNames(s, chat.id));
  const title = chatTitle(chat, myId);
  const muted = isMuted(chat);
  const last = chat.lastMessage;
  const preview = typing.length
    ? chat.type !== "direct"
      ? `${typing[0]} is typing…`
      : "typing…"
    : last?.deletedAt
      ? "This message was deleted"
      : last
        ? last.kind !== "text"
          ? systemTextFor(last, chat)
          : `${last.senderId === myId ? "You: " : ""}${plainText(last.body).replace(/\s+/g, " ").trim() || attachmentLabel(last.attachments)}`
        : chat.type === "channel"
          ? "Channel created"
          : chat.type === "group"
            ? "Group created"
            : "Say hello 👋";
  return (
    <li>
      <button
        type="button"
        onClick={() => onSelect(chat.id)}
        aria-current={selected ? "true" : undefined}
        data-testid="chat-list-item"
        data-chat-id={chat.id}
        className={`flex w-full items-center gap-3 px-3 py-2.5 text-left hover:bg-black/5 dark:hover:bg-white/5 ${selected ? "bg-black/10 dark:bg-white/10" : ""}`}
      >
        <ChatAvatar chat={chat} title={title} size={44} person={directPeer(chat, myId)} />
        <span className="min-w-0 flex-1 border-zinc-200 border-b pb-2.5 dark:border-zinc-800">
          <span className="flex items-baseline justify-between gap-2">
            <span className="flex min-w-0 items-center gap-1 truncate font-medium">
              {chat.type === "channel" && (
                <Megaphone
                  size={14}
                  aria-label="Channel"
                  className="shrink-0 text-zinc-500"
                  data-testid="channel-icon"
                />
              )}
              <span className="truncate">{title}</span>
            </span>
            <span
              className={`shrink-0 text-xs ${chat.unreadCount ? "text-brand-ink dark:text-brand" : "text-zinc-500"}`}
            >
              {shortTime(chat.lastActivityAt)}
            </span>
          </span>
          <span className="mt-0.5 flex items-center gap-2">
            {/* flex-1: the icons and badges after it sit together at the right edge, not spread mid-line. */}
            <span
              className={`min-w-0 flex-1 truncate text-sm ${typing.length ? "text-brand-ink dark:text-brand" : "text-zinc-500 dark:text-zinc-400"}`}
              data-testid="chat-preview"
            >
              {preview}
            </span>
            {muted && <BellOff size={14} aria-label="Muted" className="shrink-0 text-zinc-400" />}
            {chat.pinned && <Pin size={14} aria-label="Pinned" className="shrink-0 text-zinc-400" />}
            {chat.mentionCount > 0 && (
              <span
                data-testid="mention-badge"
                title="You were mentioned"
                className="min-w-5 shrink-0 rounded-full bg-brand px-1.5 text-center font-bold text-white text-xs leading-5"
              >
                @<span className="sr-only"> mentioned you</span>
              </span>
            )}
            {chat.unreadCount > 0 && (
              <span
                data-testid="unread-badge"
                className={`min-w-5 shrink-0 rounded-full px-1.5 text-center font-semibold text-white text-xs leading-5 ${muted ? "bg-zinc-500" : "bg-brand-dark"}`}
              >
                {chat.unreadCount}
                <span className="sr-only"> unread</span>
              </span>
            )}
          </span>
        </span>
      </button>
    </li>
  );
});
