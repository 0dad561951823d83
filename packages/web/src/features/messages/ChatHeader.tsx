import { formatDistanceToNowStrict } from "date-fns";
import { ArrowLeft, Images, Info, Search } from "lucide-react";
import { useState } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { IconButton } from "../../components/IconButton.js";
import { ChatAvatar } from "../chats/ChatAvatar.js";
import { ChatSettingsMenu } from "../chats/ChatSettingsMenu.js";
import { chatSelected } from "../chats/chatsSlice.js";
import { GroupInfoPanel } from "../chats/GroupInfoPanel.js";
import { chatTitle, directPeer } from "../chats/selectors.js";
import { SharedMediaPanel } from "../files/SharedMediaPanel.js";
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
  const [infoOpen, setInfoOpen] = useState(false);
  const [mediaOpen, setMediaOpen] = useState(false);
  if (!chat) return null;

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
    status = `last seen ${formatDistanceToNowStrict(new Date(presence.lastSeenAt), { addSuffix: true })}`;
  } else {
    status = "";
  }
  const title = chatTitle(chat, myId);
  return (
    <header className="flex items-center gap-3 bg-zinc-100 px-3 py-2 dark:bg-zinc-800">
      <IconButton label="Back to chats" className="md:hidden" onClick={() => dispatch(chatSelected(null))}>
        <ArrowLeft size={20} />
      </IconButton>
      <ChatAvatar chat={chat} title={title} size={40} fallbackUrl={peer?.avatarUrl} />
      <div className="min-w-0">
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
      <div className="ml-auto flex items-center">
        <IconButton label="Search in chat" onClick={() => dispatch(searchOpened({ chatId }))}>
          <Search size={20} />
        </IconButton>
        <IconButton label="Shared media" onClick={() => setMediaOpen(true)}>
          <Images size={20} />
        </IconButton>
        {mediaOpen && <SharedMediaPanel chatId={chatId} onClose={() => setMediaOpen(false)} />}
        {chat.type !== "direct" && (
          <IconButton label={chat.type === "channel" ? "Channel info" : "Group info"} onClick={() => setInfoOpen(true)}>
            <Info size={20} />
          </IconButton>
        )}
        {infoOpen && <GroupInfoPanel chatId={chatId} onClose={() => setInfoOpen(false)} />}
        <ChatSettingsMenu chat={chat} />
      </div>
    </header>
  );
}
