import { createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { StarredMessage } from "@teamchat/protocol";

type StarredState = {
  /** My starred messages, newest star first (the SDK's list, mirrored). */
  list: StarredMessage[];
  /** Ids of starred messages, for the star beside a bubble and the menu's Star/Unstar. */
  ids: Record<string, true>;
  panelOpen: boolean;
};

const initialState: StarredState = { list: [], ids: {}, panelOpen: false };

export const starredSlice = createSlice({
  name: "starred",
  initialState,
  reducers: {
    starredReplaced(state, action: PayloadAction<StarredMessage[]>) {
      state.list = action.payload;
      state.ids = Object.fromEntries(action.payload.map((s) => [s.message.id, true as const]));
    },
    starredPanelToggled(state, action: PayloadAction<boolean>) {
      state.panelOpen = action.payload;
    },
  },
});

export const { starredReplaced, starredPanelToggled } = starredSlice.actions;
