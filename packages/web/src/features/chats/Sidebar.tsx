import { Archive, LogOut, Megaphone, MessageSquarePlus, Search, Users } from "lucide-react";
import { useCallback, useState } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { Avatar } from "../../components/Avatar.js";
import { IconButton } from "../../components/IconButton.js";
import { useEmbedMode } from "../../embed/embed-context.js";
import { EnableNotificationsButton } from "../notifications/EnableNotificationsButton.js";
import { SearchPanel } from "../search/SearchPanel.js";
import { searchOpened } from "../search/searchSlice.js";
import { logout } from "../session/thunks.js";
import { ChannelsDialog } from "./ChannelsDialog.js";
import { ChatListItem } from "./ChatListItem.js";
import { chatSelected, filterChanged, showArchived } from "./chatsSlice.js";
import { NewChatDialog } from "./NewChatDialog.js";
import { selectArchivedCount, selectVisibleChats } from "./selectors.js";

export function Sidebar() {
  const dispatch = useAppDispatch();
  const me = useAppSelector((s) => s.session.me);
  const chats = useAppSelector(selectVisibleChats);
  const selectedId = useAppSelector((s) => s.chats.selectedId);
  const filter = useAppSelector((s) => s.chats.filter);
  const loaded = useAppSelector((s) => s.chats.loaded);
  const [dialog, setDialog] = useState<"direct" | "group" | null>(null);
  const [channelsOpen, setChannelsOpen] = useState(false);
  const archivedCount = useAppSelector(selectArchivedCount);
  const archivedView = useAppSelector((s) => s.chats.showArchived);
  const select = useCallback((id: string) => dispatch(chatSelected(id)), [dispatch]);
  const searching = useAppSelector((s) => s.search.panel !== null && s.search.panel.chatId === null);
  // Embedded, the host app owns sign-out and the page's service worker.
  const { standalone } = useEmbedMode();

  return (
    <nav aria-label="Chats" className="flex h-full min-h-0 flex-col">
      <header className="flex items-center gap-2 bg-zinc-100 px-3 py-2 dark:bg-zinc-800">
        <Avatar name={me?.displayName ?? "?"} url={me?.avatarUrl} size={36} />
        <span className="min-w-0 flex-1 truncate font-medium" data-testid="my-name">
          {me?.displayName}
        </span>
        {standalone && <EnableNotificationsButton />}
        <IconButton label="Search messages" onClick={() => dispatch(searchOpened({ chatId: null }))}>
          <Search size={20} />
        </IconButton>
        <IconButton label="New chat" onClick={() => setDialog("direct")}>
          <MessageSquarePlus size={20} />
        </IconButton>
        <IconButton label="New group" onClick={() => setDialog("group")}>
          <Users size={20} />
        </IconButton>
        <IconButton label="Browse channels" onClick={() => setChannelsOpen(true)}>
          <Megaphone size={20} />
        </IconButton>
        {standalone && (
          <IconButton label="Log out" onClick={() => dispatch(logout())}>
            <LogOut size={20} />
          </IconButton>
        )}
      </header>
      {searching && <SearchPanel />}
      <div className={`px-3 py-2 ${searching ? "hidden" : ""}`}>
        <input
          type="search"
          aria-label="Search chats"
          placeholder="Search chats"
          value={filter}
          onChange={(e) => dispatch(filterChanged(e.target.value))}
          className="w-full rounded-lg bg-zinc-100 px-3 py-1.5 text-sm dark:bg-zinc-800"
        />
      </div>
      {!searching && (archivedCount > 0 || archivedView) && (
        <button
          type="button"
          onClick={() => dispatch(showArchived(!archivedView))}
          className="flex items-center gap-3 px-5 py-2 text-left text-sm hover:bg-black/5 dark:hover:bg-white/5"
        >
          <Archive size={18} aria-hidden="true" className="text-brand-dark dark:text-brand" />
          {archivedView ? "Back to chats" : `Archived (${archivedCount})`}
        </button>
      )}
      <ul className={`min-h-0 flex-1 overflow-y-auto ${searching ? "hidden" : ""}`} data-testid="chat-list">
        {chats.map((chat) => (
          <ChatListItem key={chat.id} chat={chat} selected={chat.id === selectedId} myId={me?.id} onSelect={select} />
        ))}
        {loaded && chats.length === 0 && (
          <li className="p-6 text-center text-sm text-zinc-500">
            {filter ? "No chat matches." : "No chats yet. Start one with the new-chat button."}
          </li>
        )}
      </ul>
      {dialog && <NewChatDialog mode={dialog} onClose={() => setDialog(null)} />}
      {channelsOpen && <ChannelsDialog onClose={() => setChannelsOpen(false)} />}
    </nav>
  );
}
