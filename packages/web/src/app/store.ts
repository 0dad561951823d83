import { combineReducers, configureStore, type ThunkAction, type UnknownAction } from "@reduxjs/toolkit";
import type { ChatClient } from "@teamchat/sdk";
import { chatsSlice } from "../features/chats/chatsSlice.js";
import { connectionSlice } from "../features/connection/connectionSlice.js";
import { filesSlice } from "../features/files/filesSlice.js";
import { liveSlice } from "../features/live/liveSlice.js";
import { messageInfoSlice } from "../features/message-info/messageInfoSlice.js";
import { messagesSlice } from "../features/messages/messagesSlice.js";
import { privacySlice } from "../features/privacy/privacySlice.js";
import { searchSlice } from "../features/search/searchSlice.js";
import { sessionSlice } from "../features/session/sessionSlice.js";
import { starredSlice } from "../features/starred/starredSlice.js";
import { voiceSlice } from "../features/voice/voiceSlice.js";

const rootReducer = combineReducers({
  session: sessionSlice.reducer,
  connection: connectionSlice.reducer,
  chats: chatsSlice.reducer,
  messages: messagesSlice.reducer,
  live: liveSlice.reducer,
  search: searchSlice.reducer,
  files: filesSlice.reducer,
  privacy: privacySlice.reducer,
  starred: starredSlice.reducer,
  messageInfo: messageInfoSlice.reducer,
  voice: voiceSlice.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;

/** Thunks reach the network only through the SDK client passed here (components never do). */
export type ThunkExtra = { client: ChatClient };

export function createStore(client: ChatClient, preloadedState?: Partial<RootState>) {
  return configureStore({
    reducer: rootReducer,
    ...(preloadedState && { preloadedState }),
    middleware: (getDefault) =>
      getDefault({
        thunk: { extraArgument: { client } satisfies ThunkExtra },
        // Large message maps: the dev-only checks would dominate the frame time.
        serializableCheck: false,
        immutableCheck: false,
      }),
  });
}

export type AppStore = ReturnType<typeof createStore>;
export type AppDispatch = AppStore["dispatch"];
export type AppThunk<R = void> = ThunkAction<R, RootState, ThunkExtra, UnknownAction>;
