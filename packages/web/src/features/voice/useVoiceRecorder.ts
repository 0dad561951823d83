import { LIMITS } from "@teamchat/protocol";
import { useCallback, useEffect, useRef, useState } from "react";

/** Opus in WebM (Chromium, Firefox) or Ogg, whichever this browser records. */
const MIME_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"];

export type RecorderState = "idle" | "starting" | "recording";

/**
 * MediaRecorder around the microphone: `start`, then `finish` (resolves with the audio) or
 * `cancel` (drops it). The microphone is released as soon as recording stops. `elapsedMs`
 * ticks for the live timer; recording stops by itself at LIMITS.voiceMaxMs.
 */
export function useVoiceRecorder() {
  const [state, setState] = useState<RecorderState>("idle");
  const [elapsedMs, setElapsedMs] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);
  const chunks = useRef<Blob[]>([]);
  const startedAt = useRef(0);
  const done = useRef<((audio: Blob | null) => void) | null>(null);
  const keep = useRef(false);
  /** Stopped while the microphone was still being opened: close it as soon as it opens. */
  const abandoned = useRef(false);

  useEffect(() => {
    if (state !== "recording") return;
    const timer = setInterval(() => {
      const ms = Date.now() - startedAt.current;
      setElapsedMs(ms);
      if (ms >= LIMITS.voiceMaxMs) recorder.current?.stop();
    }, 200);
    return () => clearInterval(timer);
  }, [state]);

  const stop = useCallback((keepAudio: boolean): Promise<Blob | null> => {
    const active = recorder.current;
    if (!active || active.state === "inactive") {
      abandoned.current = true;
      return Promise.resolve(null);
    }
    keep.current = keepAudio;
    return new Promise((resolve) => {
      done.current = resolve;
      active.stop();
    });
  }, []);

  const start = useCallback(async (): Promise<boolean> => {
    if (recorder.current) return false;
    abandoned.current = false;
    setState("starting");
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setState("idle");
      return false;
    }
    if (abandoned.current) {
      for (const track of stream.getTracks()) track.stop();
      setState("idle");
      return false;
    }
    const mimeType = MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
    const media = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    chunks.current = [];
    keep.current = true;
    media.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.current.push(e.data);
    };
    media.onstop = () => {
      for (const track of stream.getTracks()) track.stop();
      recorder.current = null;
      setState("idle");
      setElapsedMs(0);
      const audio = keep.current ? new Blob(chunks.current, { type: media.mimeType || "audio/webm" }) : null;
      done.current?.(audio);
      done.current = null;
    };
    recorder.current = media;
    startedAt.current = Date.now();
    media.start(250);
    setElapsedMs(0);
    setState("recording");
    return true;
  }, []);

  // Leaving the chat mid-recording drops it and frees the microphone.
  useEffect(
    () => () => {
      void stop(false);
    },
    [stop],
  );

  return { state, elapsedMs, start, finish: () => stop(true), cancel: () => stop(false) };
}
