import { createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { SearchResults } from "@teamchat/protocol";

type SearchState = {
  /** Null: closed. `chatId` null searches all my chats; else only that chat. */
  panel: { chatId: string | null } | null;
  query: string;
  status: "idle" | "loading" | "done" | "failed";
  error: string | null;
  results: SearchResults | null;
  /** The newest request: older answers are dropped. */
  requestId: number;
};

const initialState: SearchState = {
  panel: null,
  query: "",
  status: "idle",
  error: null,
  results: null,
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
      if (!action.payload.query.trim()) state.results = null;
    },
    searchAnswered(state, action: PayloadAction<{ requestId: number; results: SearchResults }>) {
      if (action.payload.requestId !== state.requestId) return;
      state.results = action.payload.results;
      state.status = "done";
    },
    searchFailed(state, action: PayloadAction<{ requestId: number; error: string }>) {
      if (action.payload.requestId !== state.requestId) return;
      state.status = "failed";
      state.error = action.payload.error;
    },
  },
});

export const { searchOpened, searchClosed, searchStarted, searchAnswered, searchFailed } = searchSlice.actions;
