import { Lock, Mic, SendHorizontal, Trash2 } from "lucide-react";
import { type PointerEvent, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch } from "../../app/hooks.js";
import { IconButton } from "../../components/IconButton.js";
import { sendVoiceNote } from "./thunks.js";
import { useVoiceRecorder } from "./useVoiceRecorder.js";
import { formatClock } from "./waveform.js";

/** Sliding this far left while holding cancels; this far up locks (hands free). */
const CANCEL_PX = 80;
const LOCK_PX = 60;
/** A press shorter than this is a tap: it starts a locked recording (send or cancel by button). */
const TAP_MS = 400;

type Gesture = { x: number; y: number; at: number; pointerId: number };

/**
 * WhatsApp's mic: hold to record and release to send, slide left to cancel, slide up (or just
 * tap) to lock, then Send or Cancel by button. Shown in place of Send while the box is empty.
 */
export function VoiceRecorder({ chatId }: { chatId: string }) {
  const dispatch = useAppDispatch();
  const recorder = useVoiceRecorder();
  const gesture = useRef<Gesture | null>(null);
  const [locked, setLocked] = useState(false);
  const [slide, setSlide] = useState(0);
  const active = recorder.state !== "idle";
  // Stopped (sent, cancelled, the microphone refused): back to the plain mic.
  useEffect(() => {
    if (!active) setLocked(false);
  }, [active]);

  const send = async () => {
    setLocked(false);
    setSlide(0);
    const audio = await recorder.finish();
    if (!audio) return;
    const sent = await dispatch(sendVoiceNote(chatId, audio)).catch(() => {
      toast.error("Voice message not sent");
      return true;
    });
    if (!sent) toast("Hold to record, release to send");
  };
  const cancel = () => {
    gesture.current = null;
    setLocked(false);
    setSlide(0);
    void recorder.cancel();
  };
  const start = async () => {
    if (!(await recorder.start())) {
      gesture.current = null;
      if (!active) toast.error("The microphone is not available");
    }
  };

  const onPointerDown = (e: PointerEvent<HTMLButtonElement>) => {
    if (e.button !== 0 || active) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    gesture.current = { x: e.clientX, y: e.clientY, at: Date.now(), pointerId: e.pointerId };
    void start();
  };
  const onPointerMove = (e: PointerEvent<HTMLButtonElement>) => {
    const g = gesture.current;
    if (!g || g.pointerId !== e.pointerId || locked) return;
    const dx = e.clientX - g.x;
    const dy = e.clientY - g.y;
    setSlide(Math.min(0, dx));
    if (dx < -CANCEL_PX) cancel();
    else if (dy < -LOCK_PX) {
      gesture.current = null;
      setLocked(true);
      setSlide(0);
    }
  };
  const onPointerUp = (e: PointerEvent<HTMLButtonElement>) => {
    const g = gesture.current;
    if (!g || g.pointerId !== e.pointerId) return;
    gesture.current = null;
    if (Date.now() - g.at < TAP_MS) setLocked(true);
    else void send();
  };

  return (
    <>
      {active && (
        <div
          className="absolute inset-0 z-10 flex items-center gap-3 bg-zinc-100 px-4 dark:bg-zinc-800"
          data-testid="voice-recording"
          data-locked={locked || undefined}
        >
          <span className="h-2.5 w-2.5 animate-pulse rounded-full bg-red-600" aria-hidden="true" />
          <span className="tabular-nums" role="timer" aria-label="Recording time" data-testid="voice-timer">
            {formatClock(recorder.elapsedMs)}
          </span>
          {locked ? (
            <>
              <span className="flex flex-1 items-center gap-1 text-sm text-zinc-500">
                <Lock size={14} aria-hidden="true" /> Recording
              </span>
              <IconButton label="Cancel recording" onClick={cancel}>
                <Trash2 size={20} />
              </IconButton>
              <IconButton
                label="Send voice message"
                onClick={() => void send()}
                className="text-brand-dark dark:text-brand"
              >
                <SendHorizontal size={22} />
              </IconButton>
            </>
          ) : (
            <span className="flex-1 text-sm text-zinc-500" style={{ transform: `translateX(${slide}px)` }}>
              ‹ Slide to cancel · ↑ to lock
            </span>
          )}
        </div>
      )}
      {!locked && (
        <IconButton
          label="Record voice message"
          className={`touch-none ${active ? "relative z-20 scale-125 text-red-600" : "text-brand-dark dark:text-brand"}`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={cancel}
          onClick={(e) => {
            // Keyboard (Enter/Space): no pointer gesture, so start a locked recording.
            if (e.detail === 0 && !active) {
              setLocked(true);
              void start();
            }
          }}
        >
          <Mic size={22} />
        </IconButton>
      )}
    </>
  );
}
