import type { Message } from "@teamchat/protocol";
import type { ChatClient } from "@teamchat/sdk";
import type { AppStore } from "../app/store.js";
import { blocksLoaded, chatRemoved, chatsLoaded, chatUpserted } from "../features/chats/chatsSlice.js";
import { loadBlocks, refreshPresence, refreshPresenceOf } from "../features/chats/thunks.js";
import { connectionChanged } from "../features/connection/connectionSlice.js";
import { presenceReceived, typingStarted, typingStopped } from "../features/live/liveSlice.js";
import { messageInfoReceived } from "../features/message-info/messageInfoSlice.js";
import {
  chatDropped,
  manyStoredReceived,
  messageHidden,
  pendingChanged,
  storedReceived,
} from "../features/messages/messagesSlice.js";
import { catchUpOpenChat } from "../features/messages/thunks.js";
import { blockedUsersChanged } from "../features/privacy/privacySlice.js";
import { sessionChanged } from "../features/session/sessionSlice.js";
import { starredReplaced } from "../features/starred/starredSlice.js";

/**
 * What the bridge does besides mirroring, given by the app shell: view effects that need a DOM
 * (a toast). The bridge itself needs none, so the state property test drives it in Node.
 */
export type BridgeEffects = {
  /** A stored message arrived (someone else's, or mine from another device). */
  onMessage?: (store: AppStore, message: Message) => void;
};

/**
 * The one place where SDK events become store actions, and only as mirrors: the SDK emits chats
 * and messages with every rule applied (unread, mentions, previews, pointers), the store keeps
 * them as given. Returns a function that unsubscribes.
 */
export function connectBridge(client: ChatClient, store: AppStore, effects: BridgeEffects = {}): () => void {
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
    client.on("chat", (chat) => dispatch(chatUpserted(chat))),
    client.on("messagesSynced", (p) => {
      dispatch(manyStoredReceived(p));
      // A gap sync of this chat alone (no reconnection, so no "live" below) can leave the open
      // window behind a gap it cannot append across, e.g. seqs hidden from me: fill it.
      const state = store.getState();
      if (state.chats.selectedId === p.chatId && state.messages.byChat[p.chatId]?.hasNewer)
        dispatch(catchUpOpenChat()).catch(() => {});
    }),
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
      effects.onMessage?.(store, message);
      dispatch(storedReceived(message));
      if (message.senderId) dispatch(typingStopped({ chatId: message.chatId, userId: message.senderId }));
    }),
    client.on("messageUpdated", (message) => dispatch(storedReceived(message))),
    client.on("messageHidden", (hidden) => dispatch(messageHidden(hidden))),
    client.on("pending", (send) => dispatch(pendingChanged({ send, senderId: myId() }))),
    client.on("typingStart", (p) =>
      dispatch(typingStarted({ chatId: p.chatId, userId: p.userId, expiresAt: Date.now() + p.expiresInMs })),
    ),
    client.on("typingStop", (p) => dispatch(typingStopped(p))),
    client.on("presence", (p) => dispatch(presenceReceived([p]))),
    client.on("blockedUsers", (users) => {
      dispatch(blockedUsersChanged(users));
      dispatch(blocksLoaded(users.map((u) => u.id)));
    }),
    client.on("starred", (list) => dispatch(starredReplaced(list))),
    client.on("messageInfo", (info) => dispatch(messageInfoReceived(info))),
    client.on("chatCreated", (chat) => dispatch(refreshPresenceOf(chat)).catch(() => {})),
  ];
  return () => {
    for (const off of offs) off();
  };
}
