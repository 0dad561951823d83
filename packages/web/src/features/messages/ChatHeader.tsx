import { ArrowLeft, Images, Info, Search } from "lucide-react";
import { useLocation } from "react-router";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { useGo } from "../../app/navigation.js";
import { chatPath, parseView } from "../../app/routes.js";
import { IconButton } from "../../components/IconButton.js";
import type { MenuAction } from "../../components/Menu.js";
import { NARROW_QUERY, useMediaQuery } from "../../components/useMediaQuery.js";
import { ChatAvatar } from "../chats/ChatAvatar.js";
import { ChatSettingsMenu } from "../chats/ChatSettingsMenu.js";
import { chatSelected } from "../chats/chatsSlice.js";
import { GroupInfoPanel } from "../chats/GroupInfoPanel.js";
import { chatTitle, directPeer } from "../chats/selectors.js";
import { SharedMediaPanel } from "../files/SharedMediaPanel.js";
import { LAST_SEEN_REFRESH_MS, lastSeenLabel, useNow } from "../live/lastSeen.js";
import { searchOpened } from "../search/searchSlice.js";
import { selectTypingNames } from "./selectors.js";

/** Name, then the live line: typing… / online / last seen (direct) or members (group). */
export function ChatHeader({ chatId }: { chatId: string }) {
  const dispatch = useAppDispatch();
  const chat = useAppSelector((s) => s.chats.entities[chatId]);
  const myId = useAppSelector((s) => s.session.me?.id);
  const typingNames = useAppSelector((s) => selectTypingNames(s, chatId));
  const peer = chat ? directPeer(chat, myId) : null;
  const presence = useAppSelector((s) => (peer ? s.live.presence[peer.id] : undefined));
  // Group info and shared media are addresses of their own (/chats/:id/info, /media): Back closes them.
  const location = useLocation();
  const go = useGo();
  const routed = parseView(location.pathname);
  const panel = routed.chatId === chatId ? routed.panel : null;
  const narrow = useMediaQuery(NARROW_QUERY);
  // "last seen 3 minutes ago" keeps itself current while shown.
  const now = useNow(presence && !presence.online && presence.lastSeenAt ? LAST_SEEN_REFRESH_MS : null);
  if (!chat) return null;
  const closePanel = () => go(chatPath(chatId));
  const infoLabel = chat.type === "channel" ? "Channel info" : "Group info";
  const openSearch = () => dispatch(searchOpened({ chatId }));
  const openMedia = () => go(chatPath(chatId, "media"));
  const openInfo = () => go(chatPath(chatId, "info"));
  // On a phone the name gets the width: these icons move into the ⋮ menu.
  const collapsed: MenuAction[] = narrow
    ? [
        { id: "search", label: "Search in chat", icon: <Search size={16} aria-hidden="true" />, onSelect: openSearch },
        { id: "media", label: "Shared media", icon: <Images size={16} aria-hidden="true" />, onSelect: openMedia },
        ...(chat.type !== "direct"
          ? [{ id: "info", label: infoLabel, icon: <Info size={16} aria-hidden="true" />, onSelect: openInfo }]
          : []),
      ]
    : [];

  let status: string;
  if (typingNames.length > 0) {
    status =
      chat.type !== "direct" ? `${typingNames.join(", ")} ${typingNames.length > 1 ? "are" : "is"} typing…` : "typing…";
  } else if (chat.type !== "direct") {
    const count = `${chat.members.length} ${chat.members.length === 1 ? "member" : "members"}`;
    const label =
      chat.type === "channel" ? `${chat.onlyAdminsCanPost ? "Announcement channel" : "Channel"} · ${count}` : count;
    status = chat.leftAtSeq === null ? label : "You are no longer a member";
  } else if (presence?.online) {
    status = "online";
  } else if (presence?.lastSeenAt) {
    status = lastSeenLabel(presence.lastSeenAt, now);
  } else {
    status = "";
  }
  const title = chatTitle(chat, myId);
  return (
    <header className="flex items-center gap-2 bg-zinc-100 px-2 py-2 sm:gap-3 sm:px-3 dark:bg-zinc-800">
      <IconButton label="Back to chats" className="md:hidden" onClick={() => dispatch(chatSelected(null))}>
        <ArrowLeft size={20} />
      </IconButton>
      <ChatAvatar chat={chat} title={title} size={40} person={peer} />
      <div className="min-w-0 flex-1">
        <h2 className="truncate font-medium" data-testid="chat-title">
          {title}
        </h2>
        <p
          className={`truncate text-xs ${typingNames.length ? "text-brand" : "text-zinc-500 dark:text-zinc-400"}`}
          data-testid="chat-status"
          aria-live="polite"
        >
          {status}
        </p>
      </div>
      <div className="flex shrink-0 items-center">
        {!narrow && (
          <>
            <IconButton label="Search in chat" onClick={openSearch}>
              <Search size={20} />
            </IconButton>
            <IconButton label="Shared media" onClick={openMedia}>
              <Images size={20} />
            </IconButton>
            {chat.type !== "direct" && (
              <IconButton label={infoLabel} onClick={openInfo}>
                <Info size={20} />
              </IconButton>
            )}
          </>
        )}
        {panel === "media" && <SharedMediaPanel chatId={chatId} onClose={closePanel} />}
        {panel === "info" && chat.type !== "direct" && <GroupInfoPanel chatId={chatId} onClose={closePanel} />}
        <ChatSettingsMenu chat={chat} leading={collapsed} />
      </div>
    </header>
  );
}
