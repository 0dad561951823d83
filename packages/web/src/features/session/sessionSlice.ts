import { createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { Me } from "@teamchat/protocol";

export type SessionState = { status: "restoring" | "signed-out" | "signed-in"; me: Me | null };

const initialState: SessionState = { status: "restoring", me: null };

export const sessionSlice = createSlice({
  name: "session",
  initialState,
  reducers: {
    sessionChanged(state, action: PayloadAction<Me | null>) {
      state.me = action.payload;
      state.status = action.payload ? "signed-in" : "signed-out";
    },
  },
});

export const { sessionChanged } = sessionSlice.actions;
