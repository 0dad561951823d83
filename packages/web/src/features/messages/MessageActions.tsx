import * as Dropdown from "@radix-ui/react-dropdown-menu";
import type { ChatSummary } from "@teamchat/protocol";
import { MoreVertical } from "lucide-react";
import { useRef } from "react";
import { toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import type { AppDispatch } from "../../app/store.js";
import { Menu, type MenuAction, MenuItems, menuItemClass } from "../../components/Menu.js";
import { moveFocusWithArrows, Sheet } from "../../components/Sheet.js";
import { NARROW_QUERY, useMediaQuery } from "../../components/useMediaQuery.js";
import { openMessageInfo } from "../message-info/thunks.js";
import { copyText, setStarred } from "../starred/thunks.js";
import { dialogOpened, editStarted, replyStarted } from "./messagesSlice.js";
import { deleteForEveryone, deleteForMe, setPinned, toggleReaction } from "./thunks.js";

const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "🙏"];

/** Pinning: anyone in a direct chat; in a group, admins, or everyone when the group allows it. */
export function canPin(chat: ChatSummary): boolean {
  if (chat.leftAtSeq !== null) return false;
  return chat.type === "direct" || chat.myRole === "admin" || chat.membersCanPin === true;
}

export type MessageRef = {
  chat: ChatSummary;
  messageId: string;
  seq: number;
  senderId: string | null;
  body: string;
  mine: boolean;
  pinned: boolean;
};

const report = (failure: string) => (err: unknown) =>
  toast.error(err instanceof Error ? `${failure}: ${err.message}` : failure);

/** Starts a reply to this message (the menu's Reply, and a swipe right on touch). */
export function startReply(dispatch: AppDispatch, m: MessageRef): void {
  if (m.chat.leftAtSeq !== null) return;
  dispatch(
    replyStarted({
      chatId: m.chat.id,
      quote: { id: m.messageId, seq: m.seq, senderId: m.senderId, body: m.body, deleted: false },
    }),
  );
}

/**
 * The entries of a message's menu, in order. A new action is one more entry here; the dropdown
 * (wide screens) and the bottom sheet (phones) both draw this list.
 */
export function messageMenuActions(dispatch: AppDispatch, m: MessageRef, starred: boolean): MenuAction[] {
  const chatId = m.chat.id;
  const actions: MenuAction[] = [];
  if (m.chat.leftAtSeq === null) actions.push({ id: "reply", label: "Reply", onSelect: () => startReply(dispatch, m) });
  if (canPin(m.chat)) {
    actions.push({
      id: "pin",
      label: m.pinned ? "Unpin" : "Pin",
      onSelect: () =>
        dispatch(setPinned(chatId, m.messageId, !m.pinned)).catch(
          report(m.pinned ? "Could not unpin" : "Could not pin"),
        ),
    });
  }
  if (m.body) {
    actions.push({
      id: "copy",
      label: "Copy",
      onSelect: () =>
        dispatch(copyText(m.body))
          .then(() => void toast.success("Copied"))
          .catch(report("Could not copy")),
    });
  }
  actions.push({
    id: "star",
    label: starred ? "Unstar" : "Star",
    onSelect: () =>
      dispatch(setStarred(chatId, m.messageId, !starred)).catch(
        report(starred ? "Could not unstar" : "Could not star"),
      ),
  });
  if (m.mine) {
    actions.push({
      id: "info",
      label: "Message info",
      onSelect: () => dispatch(openMessageInfo(chatId, m.messageId)).catch(report("Could not open message info")),
    });
  }
  actions.push({
    id: "forward",
    label: "Forward",
    onSelect: () => dispatch(dialogOpened({ kind: "forward", chatId, messageId: m.messageId })),
  });
  actions.push({
    id: "delete-for-me",
    label: "Delete for me",
    onSelect: () => {
      if (window.confirm("Delete this message for you? Others still see it.")) {
        dispatch(deleteForMe(chatId, m.messageId)).catch(report("Could not delete"));
      }
    },
  });
  if (m.mine) {
    actions.push({
      id: "edit",
      label: "Edit",
      onSelect: () => dispatch(editStarted({ chatId, messageId: m.messageId, body: m.body })),
    });
    actions.push({
      id: "delete-for-everyone",
      label: "Delete for everyone",
      danger: true,
      onSelect: () => {
        if (window.confirm("Delete this message for everyone?")) {
          dispatch(deleteForEveryone(chatId, m.messageId)).catch(report("Could not delete"));
        }
      },
    });
  }
  return actions;
}

const react = (dispatch: AppDispatch, m: MessageRef, emoji: string) =>
  dispatch(toggleReaction(m.chat.id, m.messageId, emoji)).catch(report("Could not react"));

/**
 * A message's menu: quick reactions, then the entries of `messageMenuActions`. Its button shows
 * on hover or keyboard focus where there is a mouse; on touch a long press opens it (the owner
 * holds `open`). On a phone it is a bottom sheet, elsewhere a dropdown that stays on screen.
 */
export function MessageActions({
  message,
  open,
  onOpenChange,
}: {
  message: MessageRef;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const dispatch = useAppDispatch();
  const narrow = useMediaQuery(NARROW_QUERY);
  // A ref, not state: state set from the ref callback re-rendered every bubble once more as it mounted.
  const button = useRef<HTMLButtonElement | null>(null);
  const starred = useAppSelector((s) => s.starred.ids[message.messageId] === true);
  const actions = messageMenuActions(dispatch, message, starred);
  const trigger = (
    <button
      ref={button}
      type="button"
      aria-label="Message actions"
      aria-haspopup="menu"
      aria-expanded={open}
      onClick={narrow ? () => onOpenChange(true) : undefined}
      className="rounded-full p-1 text-zinc-500 opacity-0 hover:bg-black/5 focus:opacity-100 group-hover:opacity-100 aria-expanded:opacity-100 pointer-coarse:pointer-events-none dark:hover:bg-white/10"
    >
      <MoreVertical size={16} aria-hidden="true" />
    </button>
  );
  const side = `absolute top-0.5 ${message.mine ? "-left-8" : "-right-8"}`;

  if (narrow) {
    return (
      <div className={side}>
        {trigger}
        <Sheet open={open} onOpenChange={onOpenChange} title="Message actions">
          <div role="menu" aria-label="Message actions" tabIndex={-1} onKeyDown={moveFocusWithArrows}>
            <div className="flex justify-around pb-2">
              {QUICK_REACTIONS.map((emoji) => (
                <button
                  key={emoji}
                  type="button"
                  role="menuitem"
                  aria-label={`React ${emoji}`}
                  className="rounded-full p-2 text-2xl active:bg-black/5 dark:active:bg-white/10"
                  onClick={() => {
                    onOpenChange(false);
                    react(dispatch, message, emoji);
                  }}
                >
                  {emoji}
                </button>
              ))}
            </div>
            {actions.map((action) => (
              <button
                key={action.id}
                type="button"
                role="menuitem"
                className={`${menuItemClass} py-3 text-base active:bg-black/5 dark:active:bg-white/10 ${action.danger ? "text-red-700 dark:text-red-300" : ""}`}
                onClick={() => {
                  onOpenChange(false);
                  action.onSelect();
                }}
              >
                {action.icon}
                {action.label}
              </button>
            ))}
          </div>
        </Sheet>
      </div>
    );
  }

  return (
    <div className={side}>
      <Menu
        label="Message actions"
        trigger={trigger}
        open={open}
        onOpenChange={onOpenChange}
        align={message.mine ? "end" : "start"}
        boundary={open ? button.current?.closest('[data-testid="message-list"]') : undefined}
      >
        <div className="flex justify-between gap-0.5 px-1 pb-1">
          {QUICK_REACTIONS.map((emoji) => (
            <Dropdown.Item
              key={emoji}
              aria-label={`React ${emoji}`}
              onSelect={() => react(dispatch, message, emoji)}
              className="rounded p-1 text-lg outline-none data-[highlighted]:bg-black/5 dark:data-[highlighted]:bg-white/10"
            >
              {emoji}
            </Dropdown.Item>
          ))}
        </div>
        <MenuItems actions={actions} />
      </Menu>
    </div>
  );
}
