import { plainText } from "@teamchat/protocol";
import { format } from "date-fns";
import { Star, X } from "lucide-react";
import { useEffect } from "react";
import { toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { IconButton } from "../../components/IconButton.js";
import { chatTitle } from "../chats/selectors.js";
import { attachmentLabel } from "../files/attachment-label.js";
import { authorName } from "../messages/ReplyQuote.js";
import { openChatAt } from "../messages/thunks.js";
import { starredPanelToggled } from "./starredSlice.js";
import { loadStarred, setStarred } from "./thunks.js";

/** "Starred messages": mine on every device, newest star first; a click jumps to the message. */
export function StarredPanel() {
  const dispatch = useAppDispatch();
  const list = useAppSelector((s) => s.starred.list);
  const chats = useAppSelector((s) => s.chats.entities);
  const myId = useAppSelector((s) => s.session.me?.id);

  useEffect(() => {
    dispatch(loadStarred()).catch(() => {});
  }, [dispatch]);

  return (
    <section aria-label="Starred messages" className="flex min-h-0 flex-1 flex-col" data-testid="starred-panel">
      <div className="flex items-center gap-2 px-3 py-2">
        <h2 className="flex-1 font-medium">Starred messages</h2>
        <IconButton label="Close starred messages" onClick={() => dispatch(starredPanelToggled(false))}>
          <X size={18} />
        </IconButton>
      </div>
      <ul className="min-h-0 flex-1 overflow-y-auto">
        {list.length === 0 && (
          <li className="p-6 text-center text-sm text-zinc-500">
            No starred messages. Star one from its menu to find it here.
          </li>
        )}
        {list.map(({ message }) => {
          const chat = chats[message.chatId];
          return (
            <li key={message.id} className="flex items-start border-zinc-100 border-b dark:border-zinc-800">
              <button
                type="button"
                data-testid="starred-item"
                className="min-w-0 flex-1 px-4 py-2 text-left hover:bg-black/5 dark:hover:bg-white/5"
                onClick={() => dispatch(openChatAt(message.chatId, message.seq)).catch(() => {})}
              >
                <span className="flex justify-between gap-2 text-xs text-zinc-500">
                  <span className="truncate">
                    {authorName(chat, message.senderId, myId)}
                    {chat ? ` · ${chatTitle(chat, myId)}` : ""}
                  </span>
                  <time dateTime={message.createdAt} className="shrink-0">
                    {format(new Date(message.createdAt), "d MMM yyyy")}
                  </time>
                </span>
                <span className="line-clamp-2 text-sm">
                  {plainText(message.body) || attachmentLabel(message.attachments) || "📎 File"}
                </span>
              </button>
              <IconButton
                label="Unstar"
                onClick={() =>
                  dispatch(setStarred(message.chatId, message.id, false)).catch(() => toast.error("Could not unstar"))
                }
              >
                <Star size={16} className="fill-amber-400 text-amber-500" />
              </IconButton>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
