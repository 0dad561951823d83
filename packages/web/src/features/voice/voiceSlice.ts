import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

/** Playback speeds, in the order the speed button cycles through them (WhatsApp's). */
export const VOICE_RATES = [1, 1.5, 2] as const;
export type VoiceRate = (typeof VOICE_RATES)[number];

type State = {
  /** The voice message playing (or about to): every other player pauses. */
  current: string | null;
  /** Chosen speed, kept for the next voice notes too. */
  rate: VoiceRate;
  /** Voice notes I played on this device (my play may be private: see readReceipts). */
  played: Record<string, true>;
};

const initialState: State = { current: null, rate: 1, played: {} };

export const voiceSlice = createSlice({
  name: "voice",
  initialState,
  reducers: {
    voiceStarted(state, action: PayloadAction<{ messageId: string }>) {
      state.current = action.payload.messageId;
      state.played[action.payload.messageId] = true;
    },
    voiceStopped(state, action: PayloadAction<{ messageId: string }>) {
      if (state.current === action.payload.messageId) state.current = null;
    },
    voiceRateCycled(state) {
      const next = VOICE_RATES[(VOICE_RATES.indexOf(state.rate) + 1) % VOICE_RATES.length];
      state.rate = next ?? 1;
    },
  },
});

export const { voiceStarted, voiceStopped, voiceRateCycled } = voiceSlice.actions;
