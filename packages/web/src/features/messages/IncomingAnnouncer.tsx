import { useEffect, useRef, useState } from "react";
import { useAppSelector } from "../../app/hooks.js";
import { selectMessageList } from "./selectors.js";

/**
 * Tells screen readers, politely, about each new message someone else sends in the open chat
 * (the list itself is not a live region: scrolling through history must not be read aloud).
 */
export function IncomingAnnouncer({ chatId }: { chatId: string }) {
  const myId = useAppSelector((s) => s.session.me?.id);
  const last = useAppSelector((s) => selectMessageList(s, chatId).at(-1));
  // The window is loaded: before that, the list is empty or a stale copy, and what loads is history.
  const ready = useAppSelector((s) => s.messages.byChat[chatId]?.ready ?? false);
  const newestAtOpen = useRef<number | null | undefined>(undefined);
  const [announcedKey, setAnnouncedKey] = useState<string | null>(null);
  // Read from the store each time: an edit shows, and a deleted (or disappeared) message's words
  // leave the page with it.
  const text = useAppSelector((s) => {
    const message = announcedKey ? s.messages.byChat[chatId]?.list.entities[announcedKey] : undefined;
    if (!message || message.deletedAt !== null) return "";
    const sender = s.chats.entities[chatId]?.members.find((m) => m.user.id === message.senderId)?.user.displayName;
    return `${sender ?? "Someone"}: ${message.body || "sent a file"}`;
  });
  useEffect(() => {
    const seq = last?.seq ?? null;
    // The newest message once the window has loaded is where news starts: reading it out on
    // opening a chat announced old history (the newest message, every time a chat opened).
    if (!ready || newestAtOpen.current === undefined) {
      newestAtOpen.current = ready ? seq : undefined;
      return;
    }
    if (!last || seq === null || last.senderId === myId || last.kind !== "text") return;
    if (newestAtOpen.current !== null && seq <= newestAtOpen.current) return;
    newestAtOpen.current = seq;
    setAnnouncedKey(last.key);
  }, [last, myId, ready]);
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="incoming-announcer">
      {text}
    </div>
  );
}
