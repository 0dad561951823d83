import { memo, startTransition, useEffect, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { directPeer } from "../chats/selectors.js";
import { filesOf } from "../files/AttachButton.js";
import { Lightbox } from "../files/Lightbox.js";
import { attachFiles } from "../files/thunks.js";
import { MessageInfoDialog } from "../message-info/MessageInfoDialog.js";
import { SearchPanel } from "../search/SearchPanel.js";
import { ChatHeader } from "./ChatHeader.js";
import { Composer } from "./Composer.js";
import { IncomingAnnouncer } from "./IncomingAnnouncer.js";
import { MessageDialogs } from "./MessageDialogs.js";
import { MessageList } from "./MessageList.js";
import { PinnedBar } from "./PinnedBar.js";

/**
 * The open chat. The header and the composer follow the selection in the task that chose the chat
 * (a click, Alt+↓): keys typed right after it are the new chat's, and the composer focused there
 * takes them (deferred, they went to the chat being left, or to the list). The message list
 * (Virtuoso, bubbles), the expensive part, mounts in a transition after that commits, so opening
 * or switching a chat is short tasks instead of one long block (issue 15: never > 50 ms on open).
 */
export const ChatWindow = memo(function ChatWindow({ chatId }: { chatId: string | null }) {
  const dispatch = useAppDispatch();
  const [dragging, setDragging] = useState(false);
  const [listChatId, setListChatId] = useState<string | null>(null);
  useEffect(() => {
    startTransition(() => setListChatId(chatId));
  }, [chatId]);
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
  // A toast about this chat has nothing more to say once it is open (and would cover its newest messages).
  useEffect(() => {
    if (chatId) toast.dismiss(`chat-${chatId}`);
  }, [chatId]);
  if (!chatId) {
    return (
      <section className="hidden flex-1 items-center justify-center bg-chat-bg text-zinc-600 md:flex dark:bg-chat-bg-dark">
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
        {listChatId === chatId ? <MessageList chatId={chatId} /> : <div className="min-h-0 flex-1" />}
        {/* Keyed: what counts as news is per chat (switching must not announce the other's newest). */}
        <IncomingAnnouncer key={chatId} chatId={chatId} />
        <MessageDialogs />
        <MessageInfoDialog />
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
});
