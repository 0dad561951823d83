import { createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { MessageInfo } from "@teamchat/protocol";

type MessageInfoState = {
  /** The message whose info is open, if any. */
  open: { chatId: string; messageId: string } | null;
  /** The SDK's latest answer for it (null while loading). */
  info: MessageInfo | null;
  error: string | null;
};

const initialState: MessageInfoState = { open: null, info: null, error: null };

export const messageInfoSlice = createSlice({
  name: "messageInfo",
  initialState,
  reducers: {
    messageInfoOpened(_state, action: PayloadAction<{ chatId: string; messageId: string }>) {
      return { open: action.payload, info: null, error: null };
    },
    messageInfoClosed() {
      return initialState;
    },
    messageInfoReceived(state, action: PayloadAction<MessageInfo>) {
      if (state.open?.messageId === action.payload.messageId) state.info = action.payload;
    },
    messageInfoFailed(state, action: PayloadAction<string>) {
      state.error = action.payload;
    },
  },
});

export const { messageInfoOpened, messageInfoClosed, messageInfoReceived, messageInfoFailed } =
  messageInfoSlice.actions;
