import type { ChatSummary, MuteDuration } from "@teamchat/protocol";
import { MoreVertical } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { IconButton } from "../../components/IconButton.js";
import { setDisappearing } from "../messages/thunks.js";
import { directPeer, isMuted } from "./selectors.js";
import { changeChatSettings, setBlocked } from "./thunks.js";

const MUTE_CHOICES: { value: MuteDuration; label: string }[] = [
  { value: "8h", label: "Mute for 8 hours" },
  { value: "1w", label: "Mute for 1 week" },
  { value: "always", label: "Mute always" },
];

const DISAPPEARING_CHOICES = [
  { value: "off", label: "Off" },
  { value: "86400", label: "24 hours" },
  { value: "604800", label: "7 days" },
  { value: "7776000", label: "90 days" },
];

/** Mute / archive / pin for this chat: mine only, the same on all my devices. */
export function ChatSettingsMenu({ chat }: { chat: ChatSummary }) {
  const dispatch = useAppDispatch();
  const myId = useAppSelector((s) => s.session.me?.id);
  const peer = directPeer(chat, myId);
  const peerBlocked = useAppSelector((s) => (peer ? s.chats.blockedUserIds.includes(peer.id) : false));
  const [open, setOpen] = useState(false);
  const apply = (body: Parameters<typeof changeChatSettings>[1]) => {
    setOpen(false);
    dispatch(changeChatSettings(chat.id, body)).catch(() => toast.error("Could not change the chat settings"));
  };
  const item = "block w-full rounded px-3 py-2 text-left text-sm hover:bg-black/5 dark:hover:bg-white/10";
  return (
    <div className="relative">
      <IconButton label="Chat settings" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <MoreVertical size={20} />
      </IconButton>
      {open && (
        <div
          role="menu"
          className="absolute right-0 z-30 mt-1 w-56 rounded-lg bg-white p-1 shadow-lg dark:bg-zinc-700"
          onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        >
          {isMuted(chat) ? (
            <button type="button" role="menuitem" className={item} onClick={() => apply({ mute: "off" })}>
              Unmute
            </button>
          ) : (
            MUTE_CHOICES.map((c) => (
              <button
                key={c.value}
                type="button"
                role="menuitem"
                className={item}
                onClick={() => apply({ mute: c.value })}
              >
                {c.label}
              </button>
            ))
          )}
          <button type="button" role="menuitem" className={item} onClick={() => apply({ pinned: !chat.pinned })}>
            {chat.pinned ? "Unpin chat" : "Pin chat"}
          </button>
          <button type="button" role="menuitem" className={item} onClick={() => apply({ archived: !chat.archived })}>
            {chat.archived ? "Unarchive chat" : "Archive chat"}
          </button>
          {(chat.type === "direct" || chat.myRole === "admin") && chat.leftAtSeq === null && (
            <div className="mt-1 border-zinc-200 border-t px-3 pt-2 pb-1 dark:border-zinc-600">
              <label className="flex flex-col gap-1 text-sm">
                Disappearing messages
                <select
                  aria-label="Disappearing messages"
                  value={String(chat.disappearingSeconds ?? "off")}
                  onChange={(e) => {
                    setOpen(false);
                    const value = e.target.value === "off" ? null : (Number(e.target.value) as 86_400);
                    dispatch(setDisappearing(chat.id, value)).catch(() =>
                      toast.error("Could not change disappearing messages"),
                    );
                  }}
                  className="rounded bg-zinc-100 px-2 py-1 dark:bg-zinc-600"
                >
                  {DISAPPEARING_CHOICES.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          {peer && (
            <button
              type="button"
              role="menuitem"
              className={`${item} text-red-700 dark:text-red-300`}
              onClick={() => {
                setOpen(false);
                dispatch(setBlocked(peer.id, !peerBlocked)).catch(() => toast.error("Could not change the block"));
              }}
            >
              {peerBlocked ? `Unblock ${peer.displayName}` : `Block ${peer.displayName}`}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
