import { type Message, plainText } from "@teamchat/protocol";
import { toast } from "sonner";
import type { AppStore } from "../../app/store.js";
import { chatSelected } from "../chats/chatsSlice.js";
import { chatTitle, isMuted } from "../chats/selectors.js";

const PREVIEW_CHARS = 80;

/**
 * A toast for a new message from someone else in a chat that is not the one on screen; its
 * button opens that chat. (Closed tabs get Web Push instead.)
 */
export function toastForMessage(store: AppStore, message: Message): void {
  const state = store.getState();
  const myId = state.session.me?.id;
  if (message.senderId === myId || message.kind !== "text") return;
  if (state.chats.selectedId === message.chatId && document.visibilityState === "visible") return;
  const chat = state.chats.entities[message.chatId];
  // A mention notifies even in a muted chat.
  const mentionsMe = myId !== undefined && message.mentions.includes(myId);
  if (!chat || (isMuted(chat) && !mentionsMe)) return;
  const sender = chat.members.find((m) => m.user.id === message.senderId)?.user.displayName ?? "Someone";
  const where = chat.type !== "direct" ? `${sender} @ ${chatTitle(chat, myId)}` : sender;
  const title = mentionsMe ? `${where} mentioned you` : where;
  const text = plainText(message.body);
  const body = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
  toast(title, {
    id: `chat-${message.chatId}`,
    description: body,
    action: { label: "Open", onClick: () => store.dispatch(chatSelected(message.chatId)) },
  });
}
