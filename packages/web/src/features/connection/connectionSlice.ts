import { createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { ConnectionState } from "@teamchat/sdk";

export const connectionSlice = createSlice({
  name: "connection",
  initialState: { state: "signed-out" as ConnectionState, wasLive: false },
  reducers: {
    connectionChanged(state, action: PayloadAction<ConnectionState>) {
      state.state = action.payload;
      if (action.payload === "live") state.wasLive = true;
      if (action.payload === "signed-out") state.wasLive = false;
    },
  },
});

export const { connectionChanged } = connectionSlice.actions;
