import type { AppThunk } from "../../app/store.js";
import { searchAnswered, searchFailed, searchStarted } from "./searchSlice.js";

let lastRequest = 0;

/** Runs the query (filters included) over all my chats or the panel's chat. */
export const runSearch =
  (query: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const requestId = ++lastRequest;
    dispatch(searchStarted({ query, requestId }));
    const q = query.trim();
    if (!q) return;
    const chatId = getState().search.panel?.chatId ?? undefined;
    try {
      const results = await client.search(q, { limit: 50, ...(chatId && { chatId }) });
      dispatch(searchAnswered({ requestId, results }));
    } catch (err) {
      dispatch(searchFailed({ requestId, error: err instanceof Error ? err.message : "Search failed" }));
    }
  };
