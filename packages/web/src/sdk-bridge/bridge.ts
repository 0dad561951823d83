import type { ChatClient } from "@teamchat/sdk";
import type { AppStore } from "../app/store.js";
import {
  chatRemoved,
  chatsLoaded,
  chatUpserted,
  memberDelivered,
  memberRead,
  messageArrived,
  messageChanged,
  pinsChanged,
  previewHidden,
  readStateChanged,
  settingsChanged,
} from "../features/chats/chatsSlice.js";
import { loadBlocks, refreshPresence, refreshPresenceOf } from "../features/chats/thunks.js";
import { connectionChanged } from "../features/connection/connectionSlice.js";
import { presenceReceived, typingStarted, typingStopped } from "../features/live/liveSlice.js";
import {
  chatDropped,
  manyStoredReceived,
  messageHidden,
  pendingChanged,
  storedReceived,
} from "../features/messages/messagesSlice.js";
import { catchUpOpenChat } from "../features/messages/thunks.js";
import { toastForMessage } from "../features/notifications/inAppToasts.js";
import { sessionChanged } from "../features/session/sessionSlice.js";

/**
 * The one place where SDK events become store actions. Returns a function that unsubscribes.
 */
export function connectBridge(client: ChatClient, store: AppStore): () => void {
  const { dispatch } = store;
  const myId = () => store.getState().session.me?.id ?? "";
  const offs = [
    client.on("session", (me) => {
      dispatch(sessionChanged(me));
      // The cached chat list shows at once; the catch-up replaces it with the server's.
      if (me) {
        client.cachedChats().then((chats) => {
          if (!store.getState().chats.loaded && chats.length > 0) dispatch(chatsLoaded(chats));
        });
      }
    }),
    client.on("chatsSynced", (chats) => dispatch(chatsLoaded(chats))),
    client.on("messagesSynced", (p) => dispatch(manyStoredReceived(p))),
    client.on("chatSettings", (settings) => dispatch(settingsChanged(settings))),
    client.on("chatRemoved", (chatId) => {
      dispatch(chatRemoved(chatId));
      dispatch(chatDropped(chatId));
    }),
    client.on("connection", (state) => {
      dispatch(connectionChanged(state));
      // The SDK's catch-up refreshed the cache; fill any gap left in the open chat's list.
      if (state === "live") {
        dispatch(refreshPresence()).catch(() => {});
        dispatch(loadBlocks()).catch(() => {});
        dispatch(catchUpOpenChat()).catch(() => {});
      }
    }),
    client.on("message", (message) => {
      toastForMessage(store, message);
      dispatch(storedReceived(message));
      dispatch(messageArrived({ message, myId: myId() }));
      if (message.senderId) dispatch(typingStopped({ chatId: message.chatId, userId: message.senderId }));
    }),
    client.on("messageUpdated", (message) => {
      dispatch(storedReceived(message));
      dispatch(messageChanged(message));
    }),
    client.on("messageHidden", (hidden) => {
      dispatch(messageHidden(hidden));
      dispatch(previewHidden(hidden));
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
    client.on("chatUpdated", (chat) => dispatch(chatUpserted(chat))),
    client.on("chatPins", (p) => dispatch(pinsChanged(p))),
    // The group stays, read-only; its history up to my leaving is already in the store.
    client.on("chatLeft", ({ chat }) => dispatch(chatUpserted(chat))),
    client.on("chatCreated", (chat) => {
      dispatch(chatUpserted(chat));
      dispatch(refreshPresenceOf(chat)).catch(() => {});
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
