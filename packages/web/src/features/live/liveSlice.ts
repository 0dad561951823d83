import { createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { Presence } from "@teamchat/protocol";

export type LiveState = {
  /** chatId → userId → epoch ms when the indicator expires on its own. */
  typing: Record<string, Record<string, number>>;
  presence: Record<string, Presence>;
};

const initialState: LiveState = { typing: {}, presence: {} };

export const liveSlice = createSlice({
  name: "live",
  initialState,
  reducers: {
    typingStarted(state, action: PayloadAction<{ chatId: string; userId: string; expiresAt: number }>) {
      const { chatId, userId, expiresAt } = action.payload;
      state.typing[chatId] ??= {};
      const chat = state.typing[chatId];
      if (chat) chat[userId] = expiresAt;
    },
    typingStopped(state, action: PayloadAction<{ chatId: string; userId: string }>) {
      delete state.typing[action.payload.chatId]?.[action.payload.userId];
    },
    typingExpired(state, action: PayloadAction<{ now: number }>) {
      for (const chat of Object.values(state.typing)) {
        for (const [userId, expiresAt] of Object.entries(chat))
          if (expiresAt <= action.payload.now) delete chat[userId];
      }
    },
    presenceReceived(state, action: PayloadAction<Presence[]>) {
      for (const p of action.payload) state.presence[p.userId] = p;
    },
  },
});

export const { typingStarted, typingStopped, typingExpired, presenceReceived } = liveSlice.actions;
