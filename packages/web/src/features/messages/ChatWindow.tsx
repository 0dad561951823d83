import { useState } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { directPeer } from "../chats/selectors.js";
import { filesOf } from "../files/AttachButton.js";
import { Lightbox } from "../files/Lightbox.js";
import { attachFiles } from "../files/thunks.js";
import { SearchPanel } from "../search/SearchPanel.js";
import { ChatHeader } from "./ChatHeader.js";
import { Composer } from "./Composer.js";
import { MessageDialogs } from "./MessageDialogs.js";
import { MessageList } from "./MessageList.js";
import { PinnedBar } from "./PinnedBar.js";

export function ChatWindow() {
  const dispatch = useAppDispatch();
  const [dragging, setDragging] = useState(false);
  const chatId = useAppSelector((s) => s.chats.selectedId);
  const searchingHere = useAppSelector((s) => chatId !== null && s.search.panel?.chatId === chatId);
  const canSend = useAppSelector((s) => {
    const chat = chatId ? s.chats.entities[chatId] : undefined;
    return chat !== undefined && chat.leftAtSeq === null && (!chat.onlyAdminsCanPost || chat.myRole === "admin");
  });
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
        className="relative flex min-w-0 flex-1 flex-col bg-chat-bg dark:bg-chat-bg-dark"
        // Files dropped anywhere on the conversation go to the composer.
        onDragOver={(e) => {
          if (!canSend || blockedPeerName || !e.dataTransfer.types.includes("Files")) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={(e) => {
          if (e.currentTarget === e.target) setDragging(false);
        }}
        onDrop={(e) => {
          setDragging(false);
          const dropped = filesOf(e.dataTransfer);
          if (!canSend || blockedPeerName || dropped.length === 0) return;
          e.preventDefault();
          dispatch(attachFiles(chatId, dropped));
        }}
      >
        {dragging && (
          <div
            className="pointer-events-none absolute inset-2 z-20 flex items-center justify-center rounded-xl border-4 border-brand border-dashed bg-white/70 font-medium text-lg dark:bg-black/60"
            data-testid="drop-zone"
          >
            Drop files to send
          </div>
        )}
        <Lightbox />
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
