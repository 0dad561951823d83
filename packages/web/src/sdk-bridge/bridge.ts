import type { ChatClient } from "@teamchat/sdk";
import type { AppStore } from "../app/store.js";
import {
  chatUpserted,
  memberDelivered,
  memberRead,
  messageArrived,
  readStateChanged,
} from "../features/chats/chatsSlice.js";
import { loadChats, refreshPresenceOf } from "../features/chats/thunks.js";
import { connectionChanged } from "../features/connection/connectionSlice.js";
import { presenceReceived, typingStarted, typingStopped } from "../features/live/liveSlice.js";
import { pendingChanged, storedReceived } from "../features/messages/messagesSlice.js";
import { catchUpOpenChat } from "../features/messages/thunks.js";
import { sessionChanged } from "../features/session/sessionSlice.js";

/**
 * The one place where SDK events become store actions. Returns a function that unsubscribes.
 */
export function connectBridge(client: ChatClient, store: AppStore): () => void {
  const { dispatch } = store;
  const myId = () => store.getState().session.me?.id ?? "";
  const offs = [
    client.on("session", (me) => dispatch(sessionChanged(me))),
    client.on("connection", (state) => {
      dispatch(connectionChanged(state));
      // After any (re)connection, refetch what may have changed while we were away.
      if (state === "live") {
        dispatch(loadChats());
        dispatch(catchUpOpenChat());
      }
    }),
    client.on("message", (message) => {
      dispatch(storedReceived(message));
      dispatch(messageArrived({ message, myId: myId() }));
      if (message.senderId) dispatch(typingStopped({ chatId: message.chatId, userId: message.senderId }));
    }),
    client.on("pending", (send) => dispatch(pendingChanged({ send, senderId: myId() }))),
    client.on("delivered", (p) => dispatch(memberDelivered(p))),
    client.on("read", (p) => dispatch(memberRead(p))),
    client.on("readState", (p) => dispatch(readStateChanged(p))),
    client.on("typingStart", (p) =>
      dispatch(typingStarted({ chatId: p.chatId, userId: p.userId, expiresAt: Date.now() + p.expiresInMs })),
    ),
    client.on("typingStop", (p) => dispatch(typingStopped(p))),
    client.on("presence", (p) => dispatch(presenceReceived([p]))),
    client.on("chatCreated", (chat) => {
      dispatch(chatUpserted(chat));
      dispatch(refreshPresenceOf(chat)).catch(() => {});
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
