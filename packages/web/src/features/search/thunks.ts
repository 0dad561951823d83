import type { AppThunk } from "../../app/store.js";
import { openChatAt } from "../messages/thunks.js";
import {
  searchAnswered,
  searchFailed,
  searchMatchShown,
  searchMoreAnswered,
  searchMoreStarted,
  searchStarted,
} from "./searchSlice.js";

const PAGE = 50;
let lastRequest = 0;

/** Runs the query (filters included) over all my chats or the panel's chat: the first page. */
export const runSearch =
  (query: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const requestId = ++lastRequest;
    dispatch(searchStarted({ query, requestId }));
    const q = query.trim();
    if (!q) return;
    const chatId = getState().search.panel?.chatId ?? undefined;
    try {
      const results = await client.search(q, { limit: PAGE, ...(chatId && { chatId }) });
      dispatch(searchAnswered({ requestId, results }));
    } catch (err) {
      dispatch(searchFailed({ requestId, error: err instanceof Error ? err.message : "Search failed" }));
    }
  };

/** The next page (scrolling down the results, or moving past the last loaded match). */
export const loadMoreResults =
  (): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const { query, nextCursor, loadingMore, requestId, panel } = getState().search;
    if (!nextCursor || loadingMore) return;
    dispatch(searchMoreStarted());
    const chatId = panel?.chatId ?? undefined;
    try {
      const results = await client.search(query.trim(), { limit: PAGE, cursor: nextCursor, ...(chatId && { chatId }) });
      dispatch(searchMoreAnswered({ requestId, results }));
    } catch (err) {
      dispatch(searchFailed({ requestId, error: err instanceof Error ? err.message : "Search failed" }));
    }
  };

/**
 * In-chat search: shows the match `index` (0 = newest) in the chat, loading the next page when
 * it is not loaded yet. "Up" goes to older matches (higher index), as in WhatsApp.
 */
export const showMatch =
  (index: number): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    if (index < 0) return;
    if (index >= getState().search.hits.length) await dispatch(loadMoreResults());
    const hit = getState().search.hits[index];
    if (!hit) return;
    dispatch(searchMatchShown(index));
    await dispatch(openChatAt(hit.message.chatId, hit.message.seq));
  };
