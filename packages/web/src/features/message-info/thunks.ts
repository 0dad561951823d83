import type { AppThunk } from "../../app/store.js";
import { messageInfoClosed, messageInfoFailed, messageInfoOpened } from "./messageInfoSlice.js";

/** Opens message info; the SDK keeps it live (its `messageInfo` events reach the store by the bridge). */
export const openMessageInfo =
  (chatId: string, messageId: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    dispatch(messageInfoOpened({ chatId, messageId }));
    try {
      await client.watchMessageInfo(chatId, messageId);
    } catch (err) {
      dispatch(messageInfoFailed(err instanceof Error ? err.message : "Could not load message info"));
    }
  };

export const closeMessageInfo =
  (): AppThunk =>
  (dispatch, _getState, { client }) => {
    client.unwatchMessageInfo();
    dispatch(messageInfoClosed());
  };
