import { Pin } from "lucide-react";
import { useState } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { authorName, firstLine } from "./ReplyQuote.js";
import { jumpToMessage } from "./thunks.js";

/**
 * The chat's pinned messages under the header, as in WhatsApp: one at a time; a click jumps to
 * it and moves the bar on to the next pin (the marks on the left say which of them is shown).
 */
export function PinnedBar({ chatId }: { chatId: string }) {
  const dispatch = useAppDispatch();
  const chat = useAppSelector((s) => s.chats.entities[chatId]);
  const myId = useAppSelector((s) => s.session.me?.id);
  const [index, setIndex] = useState(0);
  const pins = chat?.pins ?? [];
  if (pins.length === 0) return null;
  const at = index % pins.length;
  const pin = pins[at];
  if (!pin) return null;
  return (
    <button
      type="button"
      data-testid="pinned-bar"
      aria-label={`Pinned message ${at + 1} of ${pins.length}: go to it`}
      className="flex w-full items-center gap-3 border-zinc-200 border-b bg-white px-4 py-1.5 text-left hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-800 dark:hover:bg-zinc-700"
      onClick={() => {
        dispatch(jumpToMessage(chatId, pin.seq)).catch(() => {});
        setIndex((i) => (i + 1) % pins.length);
      }}
    >
      {pins.length > 1 && (
        <span className="flex h-8 flex-col justify-center gap-0.5" aria-hidden="true">
          {pins.map((p, i) => (
            <span key={p.messageId} className={`w-0.5 flex-1 rounded ${i === at ? "bg-brand" : "bg-zinc-300"}`} />
          ))}
        </span>
      )}
      <Pin size={16} aria-hidden="true" className="shrink-0 text-zinc-500" />
      <span className="min-w-0 flex-1">
        <span className="block text-brand-dark text-xs dark:text-brand">
          {pins.length > 1 ? `Pinned message #${at + 1}` : "Pinned message"} · {authorName(chat, pin.senderId, myId)}
        </span>
        <span className="block truncate text-sm" data-testid="pinned-text">
          {firstLine(pin.body)}
        </span>
      </span>
    </button>
  );
}
