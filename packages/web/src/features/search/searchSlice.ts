import { createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { SearchHit, SearchResults } from "@teamchat/protocol";

type SearchState = {
  /** Null: closed. `chatId` null searches all my chats; else only that chat. */
  panel: { chatId: string | null } | null;
  query: string;
  status: "idle" | "loading" | "done" | "failed";
  error: string | null;
  /** Every page loaded so far, newest first. */
  hits: SearchHit[];
  /** The next page's cursor; null when all are loaded. */
  nextCursor: string | null;
  loadingMore: boolean;
  /** In-chat search: how many match in all (from the first page). */
  total: number | null;
  /** In-chat search: the match shown (index into `hits`), moved with up/down. */
  current: number | null;
  /** The newest request: older answers are dropped. */
  requestId: number;
};

const initialState: SearchState = {
  panel: null,
  query: "",
  status: "idle",
  error: null,
  hits: [],
  nextCursor: null,
  loadingMore: false,
  total: null,
  current: null,
  requestId: 0,
};

export const searchSlice = createSlice({
  name: "search",
  initialState,
  reducers: {
    searchOpened(_state, action: PayloadAction<{ chatId: string | null }>) {
      return { ...initialState, panel: action.payload };
    },
    searchClosed() {
      return initialState;
    },
    searchStarted(state, action: PayloadAction<{ query: string; requestId: number }>) {
      state.query = action.payload.query;
      state.requestId = action.payload.requestId;
      state.status = action.payload.query.trim() ? "loading" : "idle";
      state.error = null;
      state.loadingMore = false;
      if (!action.payload.query.trim())
        Object.assign(state, { hits: [], nextCursor: null, total: null, current: null });
    },
    searchAnswered(state, action: PayloadAction<{ requestId: number; results: SearchResults }>) {
      if (action.payload.requestId !== state.requestId) return;
      const { results } = action.payload;
      state.hits = results.results;
      state.nextCursor = results.nextCursor ?? null;
      state.total = results.total ?? null;
      state.current = null;
      state.status = "done";
    },
    searchMoreStarted(state) {
      state.loadingMore = true;
    },
    searchMoreAnswered(state, action: PayloadAction<{ requestId: number; results: SearchResults }>) {
      if (action.payload.requestId !== state.requestId) return;
      const known = new Set(state.hits.map((h) => h.message.id));
      state.hits.push(...action.payload.results.results.filter((h) => !known.has(h.message.id)));
      state.nextCursor = action.payload.results.nextCursor ?? null;
      state.loadingMore = false;
    },
    searchFailed(state, action: PayloadAction<{ requestId: number; error: string }>) {
      if (action.payload.requestId !== state.requestId) return;
      state.status = "failed";
      state.loadingMore = false;
      state.error = action.payload.error;
    },
    searchMatchShown(state, action: PayloadAction<number>) {
      state.current = action.payload;
    },
  },
});

export const {
  searchOpened,
  searchClosed,
  searchStarted,
  searchAnswered,
  searchMoreStarted,
  searchMoreAnswered,
  searchFailed,
  searchMatchShown,
} = searchSlice.actions;
