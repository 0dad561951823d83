import { useAppSelector } from "../../app/hooks.js";
import { ChatHeader } from "./ChatHeader.js";
import { Composer } from "./Composer.js";
import { MessageList } from "./MessageList.js";

export function ChatWindow() {
  const chatId = useAppSelector((s) => s.chats.selectedId);
  if (!chatId) {
    return (
      <section className="hidden flex-1 items-center justify-center bg-chat-bg text-zinc-500 md:flex dark:bg-chat-bg-dark">
        <p>Pick a chat, or start a new one.</p>
      </section>
    );
  }
  // Keyed by chat: each chat gets a fresh list (its own scroll position and unread separator).
  return (
    <section
      key={chatId}
      aria-label="Conversation"
      className="flex min-w-0 flex-1 flex-col bg-chat-bg dark:bg-chat-bg-dark"
    >
      <ChatHeader chatId={chatId} />
      <MessageList chatId={chatId} />
      <Composer chatId={chatId} />
    </section>
  );
}
