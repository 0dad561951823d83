import { useAppSelector } from "../../app/hooks.js";
import { directPeer } from "../chats/selectors.js";
import { SearchPanel } from "../search/SearchPanel.js";
import { ChatHeader } from "./ChatHeader.js";
import { Composer } from "./Composer.js";
import { MessageDialogs } from "./MessageDialogs.js";
import { MessageList } from "./MessageList.js";
import { PinnedBar } from "./PinnedBar.js";

export function ChatWindow() {
  const chatId = useAppSelector((s) => s.chats.selectedId);
  const searchingHere = useAppSelector((s) => chatId !== null && s.search.panel?.chatId === chatId);
  const blockedPeerName = useAppSelector((s) => {
    const chat = chatId ? s.chats.entities[chatId] : undefined;
    const peer = chat ? directPeer(chat, s.session.me?.id) : null;
    return peer && s.chats.blockedUserIds.includes(peer.id) ? peer.displayName : null;
  });
  if (!chatId) {
    return (
      <section className="hidden flex-1 items-center justify-center bg-chat-bg text-zinc-500 md:flex dark:bg-chat-bg-dark">
        <p>Pick a chat, or start a new one.</p>
      </section>
    );
  }
  // Keyed by chat: each chat gets a fresh list (its own scroll position and unread separator).
  return (
    <>
      <section
        key={chatId}
        aria-label="Conversation"
        className="flex min-w-0 flex-1 flex-col bg-chat-bg dark:bg-chat-bg-dark"
      >
        <ChatHeader chatId={chatId} />
        <PinnedBar chatId={chatId} />
        <MessageList chatId={chatId} />
        <MessageDialogs />
        {blockedPeerName ? (
          <p className="bg-zinc-100 px-4 py-3 text-center text-sm text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
            You blocked {blockedPeerName}. Unblock them from the chat menu to send messages.
          </p>
        ) : (
          <Composer chatId={chatId} />
        )}
      </section>
      {searchingHere && (
        <aside className="flex w-full min-w-0 flex-col border-zinc-200 border-l bg-white md:w-80 dark:border-zinc-800 dark:bg-zinc-900">
          <SearchPanel />
        </aside>
      )}
    </>
  );
}
