import { LIMITS } from "@teamchat/protocol";
import type { AppThunk } from "../../app/store.js";
import { voiceStarted, voiceStopped } from "./voiceSlice.js";
import { analyseRecording, isVoiceNote } from "./waveform.js";

/**
 * A finished recording becomes an outbox entry with its audio (kept in IndexedDB), uploaded and
 * sent by the SDK when online. A recording the browser cannot decode (too short, empty) is dropped.
 */
export const sendVoiceNote =
  (chatId: string, audio: Blob): AppThunk<Promise<boolean>> =>
  async (_dispatch, _getState, { client }) => {
    const { durationMs, waveform } = await analyseRecording(audio);
    // A tap on the mic is not a message (the server would refuse it anyway).
    if (durationMs < LIMITS.voiceMinMs) return false;
    const extension = audio.type.includes("ogg") ? "ogg" : "webm";
    await client.sendVoice(chatId, {
      audio,
      name: `voice-${new Date().toISOString().replace(/[:.]/g, "-")}.${extension}`,
      durationMs,
      waveform,
    });
    return true;
  };

/** Tells the sender I played their voice note (the server keeps it private if I hide read receipts). */
export const markVoicePlayed =
  (chatId: string, messageId: string): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.markPlayed(chatId, messageId).catch(() => {
      // Offline or refused: the local "played" state stays; nothing to retry for the user.
    });
  };

/**
 * A voice note ended: the next voice note of the chat (in the loaded window, after this one)
 * starts, as WhatsApp plays consecutive voice messages one after another.
 */
export const playNextVoice =
  (chatId: string, messageId: string): AppThunk =>
  (dispatch, getState) => {
    dispatch(voiceStopped({ messageId }));
    const list = getState().messages.byChat[chatId]?.list;
    if (!list) return;
    const index = list.ids.indexOf(messageId);
    if (index < 0) return;
    for (const id of list.ids.slice(index + 1)) {
      const next = list.entities[id];
      if (next?.id && !next.deletedAt && next.attachments.some(isVoiceNote)) {
        dispatch(voiceStarted({ messageId: next.id }));
        return;
      }
    }
  };
