import type { AppThunk } from "../../app/store.js";

/** Stars or unstars; the new list reaches the store through the SDK's `starred` event. */
export const setStarred =
  (chatId: string, messageId: string, starred: boolean): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await (starred ? client.starMessage(chatId, messageId) : client.unstarMessage(chatId, messageId));
  };

export const loadStarred =
  (): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.starredMessages();
  };

/** Puts text on the clipboard (the browser's, not the network). */
export const copyText =
  (text: string): AppThunk<Promise<void>> =>
  async () => {
    await navigator.clipboard.writeText(text);
  };
