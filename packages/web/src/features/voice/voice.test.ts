import { configureStore } from "@reduxjs/toolkit";
import type { Attachment, Message } from "@teamchat/protocol";
import { aMessage } from "@teamchat/protocol/testing";
import type { ChatClient } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import type { AppThunk } from "../../app/store.js";
import { messagesSlice, windowLoaded } from "../messages/messagesSlice.js";
import { playNextVoice } from "./thunks.js";
import { voiceRateCycled, voiceSlice, voiceStarted, voiceStopped } from "./voiceSlice.js";
import { isVoiceNote } from "./waveform.js";

const CHAT = "11111111-1111-4111-8111-111111111111";

const audio = (waveform: number[] | null): Attachment => ({
  id: "44444444-4444-4444-8444-444444444444",
  name: "voice.webm",
  mimeType: "audio/webm",
  kind: "audio",
  size: 100,
  width: null,
  height: null,
  placeholder: null,
  hasThumbnail: false,
  durationMs: waveform ? 1_000 : null,
  waveform,
});

function msg(seq: number, attachments: Attachment[] = [], extra: Partial<Message> = {}): Message {
  return aMessage({
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    chatId: CHAT,
    seq,
    senderId: "33333333-3333-4333-8333-333333333333",
    clientId: `c-${seq}-xxxxxx`,
    body: "",
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    attachments,
    ...extra,
  });
}

function storeWith(messages: Message[]) {
  const store = configureStore({
    reducer: { messages: messagesSlice.reducer, voice: voiceSlice.reducer },
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: { client: {} as ChatClient } } }),
  });
  store.dispatch(windowLoaded({ chatId: CHAT, messages, hasOlder: false, hasNewer: false }));
  return store;
}

describe("voice slice", () => {
  it("cycles 1× → 1.5× → 2× → 1×; starting marks played here; stopping another note keeps the current one", () => {
    let state = voiceSlice.reducer(undefined, voiceRateCycled());
    expect(state.rate).toBe(1.5);
    state = voiceSlice.reducer(voiceSlice.reducer(state, voiceRateCycled()), voiceRateCycled());
    expect(state.rate).toBe(1);
    state = voiceSlice.reducer(state, voiceStarted({ messageId: "a" }));
    state = voiceSlice.reducer(state, voiceStopped({ messageId: "b" }));
    expect(state).toMatchObject({ current: "a", played: { a: true } });
  });
});

describe("playNextVoice", () => {
  it("starts the next voice note after the one that ended, skipping text, plain audio files and deleted notes", () => {
    const voice = audio(Array(64).fill(10));
    const store = storeWith([
      msg(1, [voice]),
      msg(2),
      msg(3, [audio(null)]),
      msg(4, [voice], { deletedAt: new Date().toISOString() }),
      msg(5, [voice]),
      msg(6, [voice]),
    ]);
    // The store holds only the slices this thunk reads, so its dispatch is not typed for AppThunk.
    const dispatch = store.dispatch as unknown as (thunk: AppThunk) => void;
    const ended = (seq: number) => dispatch(playNextVoice(CHAT, msg(seq).id));
    store.dispatch(voiceStarted({ messageId: msg(1).id }));
    ended(1);
    expect(store.getState().voice.current).toBe(msg(5).id);
    ended(5);
    expect(store.getState().voice.current).toBe(msg(6).id);
    ended(6);
    expect(store.getState().voice.current).toBeNull();
  });

  it("tells voice notes from audio files", () => {
    expect(isVoiceNote(audio([1, 2]))).toBe(true);
    expect(isVoiceNote(audio(null))).toBe(false);
    // A copy cached by an older client has no waveform field at all.
    const { waveform: _, ...old } = audio([1]);
    expect(isVoiceNote(old as Attachment)).toBe(false);
  });
});
