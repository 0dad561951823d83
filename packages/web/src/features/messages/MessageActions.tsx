import type { ChatSummary } from "@teamchat/protocol";
import { MoreVertical } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useAppDispatch } from "../../app/hooks.js";
import { dialogOpened, editStarted, replyStarted } from "./messagesSlice.js";
import { deleteForEveryone, deleteForMe, setPinned, toggleReaction } from "./thunks.js";

const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "🙏"];

/** Pinning: anyone in a direct chat; in a group, admins, or everyone when the group allows it. */
export function canPin(chat: ChatSummary): boolean {
  if (chat.leftAtSeq !== null) return false;
  return chat.type === "direct" || chat.myRole === "admin" || chat.membersCanPin === true;
}

const itemClass = "block w-full rounded px-2 py-1.5 text-left text-sm hover:bg-black/5 dark:hover:bg-white/10";

/**
 * A per-message menu (shown on hover or keyboard focus; Tab reaches it, Enter opens it):
 * quick reactions, reply, pin, and edit/delete for my own.
 */
export function MessageActions({
  chat,
  messageId,
  seq,
  senderId,
  body,
  mine,
  pinned,
}: {
  chat: ChatSummary;
  messageId: string;
  seq: number;
  senderId: string | null;
  body: string;
  mine: boolean;
  pinned: boolean;
}) {
  const chatId = chat.id;
  const dispatch = useAppDispatch();
  const [open, setOpen] = useState(false);
  const run = (action: Promise<void>, failure: string) => {
    setOpen(false);
    action.catch((err: unknown) => toast.error(err instanceof Error ? `${failure}: ${err.message}` : failure));
  };
  return (
    <div className={`absolute top-0.5 ${mine ? "-left-9" : "-right-9"}`}>
      <button
        type="button"
        aria-label="Message actions"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="rounded-full p-1 text-zinc-500 opacity-0 hover:bg-black/5 focus:opacity-100 group-hover:opacity-100 aria-expanded:opacity-100 dark:hover:bg-white/10"
      >
        <MoreVertical size={16} aria-hidden="true" />
      </button>
      {open && (
        <div
          role="menu"
          className={`absolute z-20 mt-1 w-48 rounded-lg bg-white p-1 shadow-lg dark:bg-zinc-700 ${mine ? "right-0" : "left-0"}`}
          onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        >
          <div className="flex justify-between px-1 pb-1">
            {QUICK_REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                role="menuitem"
                aria-label={`React ${emoji}`}
                className="rounded p-1 text-lg hover:bg-black/5 dark:hover:bg-white/10"
                onClick={() => run(dispatch(toggleReaction(chatId, messageId, emoji)), "Could not react")}
              >
                {emoji}
              </button>
            ))}
          </div>
          {chat.leftAtSeq === null && (
            <button
              type="button"
              role="menuitem"
              className={itemClass}
              onClick={() => {
                setOpen(false);
                dispatch(replyStarted({ chatId, quote: { id: messageId, seq, senderId, body, deleted: false } }));
              }}
            >
              Reply
            </button>
          )}
          {canPin(chat) && (
            <button
              type="button"
              role="menuitem"
              className={itemClass}
              onClick={() =>
                run(dispatch(setPinned(chatId, messageId, !pinned)), pinned ? "Could not unpin" : "Could not pin")
              }
            >
              {pinned ? "Unpin" : "Pin"}
            </button>
          )}
          <button
            type="button"
            role="menuitem"
            className="block w-full rounded px-2 py-1.5 text-left text-sm hover:bg-black/5 dark:hover:bg-white/10"
            onClick={() => {
              setOpen(false);
              dispatch(dialogOpened({ kind: "forward", chatId, messageId }));
            }}
          >
            Forward
          </button>
          <button
            type="button"
            role="menuitem"
            className="block w-full rounded px-2 py-1.5 text-left text-sm hover:bg-black/5 dark:hover:bg-white/10"
            onClick={() => {
              if (window.confirm("Delete this message for you? Others still see it.")) {
                run(dispatch(deleteForMe(chatId, messageId)), "Could not delete");
              }
            }}
          >
            Delete for me
          </button>
          {mine && (
            <>
              <button
                type="button"
                role="menuitem"
                className="block w-full rounded px-2 py-1.5 text-left text-sm hover:bg-black/5 dark:hover:bg-white/10"
                onClick={() => {
                  setOpen(false);
                  dispatch(editStarted({ chatId, messageId, body }));
                }}
              >
                Edit
              </button>
              <button
                type="button"
                role="menuitem"
                className="block w-full rounded px-2 py-1.5 text-left text-red-700 text-sm hover:bg-black/5 dark:text-red-300 dark:hover:bg-white/10"
                onClick={() => {
                  if (window.confirm("Delete this message for everyone?")) {
                    run(dispatch(deleteForEveryone(chatId, messageId)), "Could not delete");
                  }
                }}
              >
                Delete for everyone
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
