import {
  Archive,
  LogOut,
  Megaphone,
  MessageSquarePlus,
  MoreVertical,
  Search,
  Star,
  UserCog,
  Users,
} from "lucide-react";
import { useCallback, useDeferredValue, useState } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { IconButton } from "../../components/IconButton.js";
import { Menu, type MenuAction, MenuItems } from "../../components/Menu.js";
import { NARROW_QUERY, useMediaQuery } from "../../components/useMediaQuery.js";
import { useEmbedMode } from "../../embed/embed-context.js";
import { EnableNotificationsButton } from "../notifications/EnableNotificationsButton.js";
import { SettingsDrawer } from "../profile/SettingsDrawer.js";
import { UserAvatar } from "../profile/UserAvatar.js";
import { SearchPanel } from "../search/SearchPanel.js";
import { searchOpened } from "../search/searchSlice.js";
import { logout } from "../session/thunks.js";
import { StarredPanel } from "../starred/StarredPanel.js";
import { starredPanelToggled } from "../starred/starredSlice.js";
import { ChannelsDialog } from "./ChannelsDialog.js";
import { ChatListItem } from "./ChatListItem.js";
import { chatSelected, filterChanged, showArchived } from "./chatsSlice.js";
import { NewChatDialog } from "./NewChatDialog.js";
import { selectArchivedCount, selectVisibleChats } from "./selectors.js";

/** About a screenful of rows: what the first, urgent render of the chat list draws. */
const FIRST_ROWS = 12;

export function Sidebar() {
  const dispatch = useAppDispatch();
  const me = useAppSelector((s) => s.session.me);
  const allChats = useAppSelector(selectVisibleChats);
  /**
   * The rows past the first screenful render in a transition (React yields between them): the
   * cached list arriving at a cold start, or a filter typed, is never one long block (issue 15).
   * Rows already shown stay while the new list renders.
   */
  const chats = useDeferredValue(allChats, allChats.slice(0, FIRST_ROWS));
  const selectedId = useAppSelector((s) => s.chats.selectedId);
  const filter = useAppSelector((s) => s.chats.filter);
  const loaded = useAppSelector((s) => s.chats.loaded);
  const [dialog, setDialog] = useState<"direct" | "group" | null>(null);
  const [channelsOpen, setChannelsOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const closeSettings = useCallback(() => setSettingsOpen(false), []);
  const archivedCount = useAppSelector(selectArchivedCount);
  const archivedView = useAppSelector((s) => s.chats.showArchived);
  const select = useCallback((id: string) => dispatch(chatSelected(id)), [dispatch]);
  const starredOpen = useAppSelector((s) => s.starred.panelOpen);
  const searching = useAppSelector((s) => s.search.panel !== null && s.search.panel.chatId === null) || starredOpen;
  // Embedded, the host app owns sign-out and the page's service worker.
  const { standalone } = useEmbedMode();
  // On a phone my name gets the width: the less used icons move into a ⋮ menu.
  const narrow = useMediaQuery(NARROW_QUERY);
  const secondary: MenuAction[] = [
    // On a phone the header's avatar button is small: the menu names it too.
    ...(narrow
      ? [
          {
            id: "profile",
            label: "Profile and privacy",
            icon: <UserCog size={20} aria-hidden="true" />,
            onSelect: () => setSettingsOpen(true),
          },
        ]
      : []),
    {
      id: "starred",
      label: "Starred messages",
      icon: <Star size={20} aria-hidden="true" />,
      onSelect: () => dispatch(starredPanelToggled(!starredOpen)),
    },
    {
      id: "group",
      label: "New group",
      icon: <Users size={20} aria-hidden="true" />,
      onSelect: () => setDialog("group"),
    },
    {
      id: "channels",
      label: "Browse channels",
      icon: <Megaphone size={20} aria-hidden="true" />,
      onSelect: () => setChannelsOpen(true),
    },
    ...(standalone
      ? [
          {
            id: "logout",
            label: "Log out",
            icon: <LogOut size={20} aria-hidden="true" />,
            onSelect: () => dispatch(logout()),
          },
        ]
      : []),
  ];

  return (
    <nav aria-label="Chats" className="relative flex h-full min-h-0 flex-col">
      <header className="flex items-center gap-2 bg-zinc-100 px-3 py-2 max-sm:gap-1 max-sm:px-2 max-sm:[&_button]:w-9 dark:bg-zinc-800">
        <button
          type="button"
          aria-label="Profile and privacy"
          onClick={() => setSettingsOpen(true)}
          className="flex min-w-0 flex-1 items-center gap-2 rounded-lg text-left max-sm:w-auto!"
        >
          {me && <UserAvatar user={me} size={36} />}
          <span className="min-w-0 flex-1 truncate font-medium" data-testid="my-name" title={me?.displayName}>
            {me?.displayName}
          </span>
        </button>
        {standalone && <EnableNotificationsButton />}
        <IconButton
          label="Search messages"
          onClick={() => {
            dispatch(starredPanelToggled(false));
            dispatch(searchOpened({ chatId: null }));
          }}
        >
          <Search size={20} />
        </IconButton>
        <IconButton label="New chat" onClick={() => setDialog("direct")}>
          <MessageSquarePlus size={20} />
        </IconButton>
        {narrow ? (
          <Menu
            label="More"
            trigger={
              <IconButton label="More" aria-haspopup="menu">
                <MoreVertical size={20} />
              </IconButton>
            }
          >
            <MenuItems actions={secondary} />
          </Menu>
        ) : (
          secondary.map((action) => (
            <IconButton key={action.id} label={action.label} onClick={action.onSelect}>
              {action.icon}
            </IconButton>
          ))
        )}
      </header>
      {searching && (starredOpen ? <StarredPanel /> : <SearchPanel />)}
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
        {loaded && allChats.length === 0 && (
          <li className="p-6 text-center text-sm text-zinc-500">
            {filter
              ? "No chat matches."
              : archivedView
                ? "No archived chats."
                : "No chats yet. Start one with the new-chat button."}
          </li>
        )}
      </ul>
      {dialog && <NewChatDialog mode={dialog} onClose={() => setDialog(null)} />}
      {channelsOpen && <ChannelsDialog onClose={() => setChannelsOpen(false)} />}
      {settingsOpen && <SettingsDrawer onClose={closeSettings} />}
    </nav>
  );
}
