import type { ChatSummary, MuteDuration } from "@teamchat/protocol";
import { MoreVertical } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { IconButton } from "../../components/IconButton.js";
import { Menu, type MenuAction, MenuItems } from "../../components/Menu.js";
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

/**
 * The chat's ⋮ menu: mute / archive / pin (mine only, the same on all my devices), disappearing
 * messages, block. `leading` entries come first (on a phone, the header's icons that did not fit).
 */
export function ChatSettingsMenu({ chat, leading = [] }: { chat: ChatSummary; leading?: MenuAction[] }) {
  const dispatch = useAppDispatch();
  const myId = useAppSelector((s) => s.session.me?.id);
  const peer = directPeer(chat, myId);
  const peerBlocked = useAppSelector((s) => (peer ? s.chats.blockedUserIds.includes(peer.id) : false));
  const [open, setOpen] = useState(false);
  const apply = (body: Parameters<typeof changeChatSettings>[1]) => {
    dispatch(changeChatSettings(chat.id, body)).catch(() => toast.error("Could not change the chat settings"));
  };
  const actions: MenuAction[] = [...leading];
  if (isMuted(chat)) actions.push({ id: "unmute", label: "Unmute", onSelect: () => apply({ mute: "off" }) });
  else
    for (const c of MUTE_CHOICES)
      actions.push({ id: `mute-${c.value}`, label: c.label, onSelect: () => apply({ mute: c.value }) });
  actions.push({
    id: "pin",
    label: chat.pinned ? "Unpin chat" : "Pin chat",
    onSelect: () => apply({ pinned: !chat.pinned }),
  });
  actions.push({
    id: "archive",
    label: chat.archived ? "Unarchive chat" : "Archive chat",
    onSelect: () => apply({ archived: !chat.archived }),
  });
  const blockActions: MenuAction[] = peer
    ? [
        {
          id: "block",
          label: peerBlocked ? `Unblock ${peer.displayName}` : `Block ${peer.displayName}`,
          danger: true,
          onSelect: () =>
            dispatch(setBlocked(peer, !peerBlocked)).catch(() => toast.error("Could not change the block")),
        },
      ]
    : [];
  return (
    <Menu
      label="Chat settings"
      open={open}
      onOpenChange={setOpen}
      trigger={
        <IconButton label="Chat settings" aria-haspopup="menu">
          <MoreVertical size={20} />
        </IconButton>
      }
    >
      <MenuItems actions={actions} />
      {(chat.type === "direct" || chat.myRole === "admin") && chat.leftAtSeq === null && (
        <div className="mt-1 border-zinc-200 border-t px-3 pt-2 pb-1 dark:border-zinc-600">
          <label className="flex flex-col gap-1 text-sm">
            Disappearing messages
            <select
              aria-label="Disappearing messages"
              value={String(chat.disappearingSeconds ?? "off")}
              // The menu's type-to-find must not take the keys meant for the list.
              onKeyDown={(e) => e.stopPropagation()}
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
      <MenuItems actions={blockActions} />
    </Menu>
  );
}
