import type { AppThunk } from "../app/store.js";
import { chatSelected, chatUpserted } from "../features/chats/chatsSlice.js";

import type { InitialChat } from "./types.js";

export const openInitialChat =
  (target: InitialChat): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    if ("chatId" in target) {
      dispatch(chatSelected(target.chatId));
      return;
    }
    const { chat } = await client.call((api) => api.createDirectChat({ externalId: target.withExternalId }));
    dispatch(chatUpserted(chat));
    dispatch(chatSelected(chat.id));
  };
