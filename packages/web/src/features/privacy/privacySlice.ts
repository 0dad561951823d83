import { createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { PublicUser } from "@teamchat/protocol";

/** The people I blocked, as the SDK last reported them (for the privacy screen). */
export const privacySlice = createSlice({
  name: "privacy",
  initialState: { blockedUsers: [] as PublicUser[] },
  reducers: {
    blockedUsersChanged(state, action: PayloadAction<PublicUser[]>) {
      state.blockedUsers = action.payload;
    },
  },
});

export const { blockedUsersChanged } = privacySlice.actions;
