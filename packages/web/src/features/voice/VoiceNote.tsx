import type { Attachment, ChatSummary } from "@teamchat/protocol";
import { LIMITS } from "@teamchat/protocol";
import { Mic, Pause, Play } from "lucide-react";
import { type KeyboardEvent, type MouseEvent, useEffect, useRef, useState } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { useFileUrl } from "../files/useFileUrl.js";
import { playedByAll } from "./played.js";
import { markVoicePlayed, playNextVoice } from "./thunks.js";
import { voiceRateCycled, voiceStarted, voiceStopped } from "./voiceSlice.js";
import { formatClock } from "./waveform.js";

type Props = {
  chatId: string;
  /** Null while my voice note is still on its way (nothing to play yet). */
  messageId: string | null;
  file: Attachment | null;
  durationMs: number;
  waveform: number[];
  mine: boolean;
  playedBy: string[];
  chat: ChatSummary | undefined;
};

/**
 * A voice note in its bubble: play/pause, the waveform as a seek bar, 1× / 1.5× / 2×, and
 * "played" (the sender's blue mic once someone played it; the listener's dot until they do).
 * Which note plays is in the store (`voice.current`), so one plays at a time and the next one
 * can start when this one ends.
 */
export function VoiceNote({ chatId, messageId, file, durationMs, waveform, mine, playedBy, chat }: Props) {
  const dispatch = useAppDispatch();
  const playing = useAppSelector((s) => messageId !== null && s.voice.current === messageId);
  const rate = useAppSelector((s) => s.voice.rate);
  const playedHere = useAppSelector((s) => messageId !== null && s.voice.played[messageId] === true);
  const myId = useAppSelector((s) => s.session.me?.id);
  const iShare = useAppSelector((s) => s.session.me?.privacy.readReceipts !== false);
  const played = mine && playedByAll(playedBy, chat, myId, iShare);
  const [wanted, setWanted] = useState(false);
  const url = useFileUrl(file?.id ?? "", "original", wanted && file !== null);
  const audio = useRef<HTMLAudioElement>(null);
  const [positionMs, setPositionMs] = useState(0);
  const seekTo = useRef<number | null>(null);
  const marked = useRef(false);

  const listedAsPlayed = myId !== undefined && playedBy.includes(myId);
  const listened = playedHere || listedAsPlayed;
  const progress = durationMs > 0 ? Math.min(1, positionMs / durationMs) : 0;

  // Start / stop as the store says (a tap here, the end of the previous note, another note starting).
  useEffect(() => {
    const el = audio.current;
    if (!playing) {
      el?.pause();
      return;
    }
    if (!wanted) setWanted(true);
    // Once per note and listener (already listed: the server has it).
    if (!mine && messageId && !marked.current && !listedAsPlayed) {
      marked.current = true;
      void dispatch(markVoicePlayed(chatId, messageId));
    }
    if (!el || !url) return;
    el.playbackRate = rate;
    if (seekTo.current !== null) {
      el.currentTime = seekTo.current;
      seekTo.current = null;
    }
    el.play().catch(() => {
      if (messageId) dispatch(voiceStopped({ messageId }));
    });
  }, [playing, url, wanted, mine, messageId, chatId, rate, listedAsPlayed, dispatch]);

  const toggle = () => {
    if (!messageId) return;
    dispatch(playing ? voiceStopped({ messageId }) : voiceStarted({ messageId }));
  };

  const seek = (fraction: number) => {
    const seconds = (Math.max(0, Math.min(1, fraction)) * durationMs) / 1000;
    setPositionMs(seconds * 1000);
    const el = audio.current;
    if (el && url) el.currentTime = seconds;
    else {
      // Not loaded yet: load it and move there once it is (it starts when Play is pressed).
      seekTo.current = seconds;
      setWanted(true);
    }
  };
  const onBarClick = (e: MouseEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    seek((e.clientX - box.left) / box.width);
  };
  const onBarKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === "ArrowRight" ? 0.05 : e.key === "ArrowLeft" ? -0.05 : 0;
    if (step === 0) return;
    e.preventDefault();
    seek(progress + step);
  };

  return (
    <div
      className="flex w-72 max-w-full items-center gap-2 py-1"
      data-testid="voice-note"
      data-playing={playing || undefined}
      data-listened={listened || undefined}
      data-position={Math.round(progress * 100)}
    >
      <button
        type="button"
        aria-label={playing ? "Pause voice message" : "Play voice message"}
        disabled={!messageId}
        onClick={toggle}
        className="inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-zinc-600 hover:bg-black/5 disabled:opacity-40 dark:text-zinc-300"
      >
        {playing ? <Pause size={20} /> : <Play size={20} />}
      </button>
      <div className="min-w-0 flex-1">
        <div
          role="slider"
          tabIndex={messageId ? 0 : -1}
          aria-label="Voice message position"
          aria-valuemin={0}
          aria-valuemax={Math.round(durationMs / 1000)}
          aria-valuenow={Math.round(positionMs / 1000)}
          aria-valuetext={`${formatClock(positionMs)} of ${formatClock(durationMs)}`}
          onClick={messageId ? onBarClick : undefined}
          onKeyDown={messageId ? onBarKey : undefined}
          className="flex h-7 cursor-pointer items-center gap-px"
          data-testid="voice-waveform"
        >
          {waveform.map((peak, i) => (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: fixed bars, one per peak
              key={i}
              className={`w-[3px] flex-1 rounded-full ${i / waveform.length < progress ? "bg-brand-dark dark:bg-brand" : "bg-zinc-400"}`}
              style={{ height: `${Math.max(8, (peak / LIMITS.voicePeakMax) * 100)}%` }}
            />
          ))}
        </div>
        <div className="flex items-center justify-between text-xs text-zinc-500">
          <span className="tabular-nums" data-testid="voice-time">
            {formatClock(playing || positionMs > 0 ? positionMs : durationMs)}
          </span>
          {!mine && !listened && (
            <span role="img" className="h-2 w-2 rounded-full bg-sky-500" aria-label="Not played yet" />
          )}
        </div>
      </div>
      <button
        type="button"
        aria-label={`Playback speed ${rate}×`}
        onClick={() => dispatch(voiceRateCycled())}
        className="rounded-full bg-black/10 px-1.5 py-0.5 text-xs tabular-nums dark:bg-white/15"
        data-testid="voice-rate"
      >
        {rate}×
      </button>
      {mine && (
        <span
          role="img"
          aria-label={played ? "Played" : "Not played yet"}
          data-played={played || undefined}
          data-testid="voice-played"
        >
          <Mic size={18} aria-hidden="true" className={played ? "text-tick-read" : "text-zinc-500"} />
        </span>
      )}
      {url && (
        // biome-ignore lint/a11y/useMediaCaption: a user's voice recording has no captions
        <audio
          ref={audio}
          src={url}
          preload="auto"
          className="hidden"
          onLoadedMetadata={(e) => {
            e.currentTarget.playbackRate = rate;
            if (seekTo.current !== null) {
              e.currentTarget.currentTime = seekTo.current;
              seekTo.current = null;
            }
          }}
          onTimeUpdate={(e) => setPositionMs(e.currentTarget.currentTime * 1000)}
          onEnded={() => {
            setPositionMs(0);
            if (messageId) dispatch(playNextVoice(chatId, messageId));
          }}
        />
      )}
    </div>
  );
}
