import {
  type MouseEvent,
  type PointerEvent as ReactPointerEvent,
  type TouchEvent as ReactTouchEvent,
  useRef,
  useState,
} from "react";

export const LONG_PRESS_MS = 500;
/** How far a finger may wander and still be holding still (px). */
const HOLD_SLOP_PX = 10;
/** A swipe right this far (px) starts a reply; the bubble follows the finger up to REPLY_MAX_PX. */
export const SWIPE_REPLY_PX = 64;
const REPLY_MAX_PX = 88;

type Touch = { id: number; x: number; y: number; timer: ReturnType<typeof setTimeout> | null; swiping: boolean };

/**
 * Touch gestures on a message, as on a phone's chat app: hold still ≈500 ms to open its actions,
 * swipe it right to reply. Mouse and pen keep their usual behaviour (text selection, the ⋮ button).
 * Returns the pointer handlers for the bubble and how far it is dragged (to draw it following).
 */
export function useMessageGestures({
  onLongPress,
  onSwipeRight,
}: {
  onLongPress: () => void;
  onSwipeRight: () => void;
}) {
  const touch = useRef<Touch | null>(null);
  const lastPointer = useRef<string | null>(null);
  // The press opened the actions: lifting the finger must not also "tap" what the sheet put under it.
  const pressed = useRef(false);
  const [dragX, setDragX] = useState(0);

  const end = () => {
    const t = touch.current;
    if (t?.timer) clearTimeout(t.timer);
    touch.current = null;
    setDragX(0);
  };

  const handlers = {
    onPointerDown(e: ReactPointerEvent<HTMLElement>) {
      lastPointer.current = e.pointerType;
      if (e.pointerType !== "touch" || !e.isPrimary) return;
      pressed.current = false;
      const timer = setTimeout(() => {
        if (touch.current) touch.current.timer = null;
        end();
        pressed.current = true;
        onLongPress();
      }, LONG_PRESS_MS);
      touch.current = { id: e.pointerId, x: e.clientX, y: e.clientY, timer, swiping: false };
    },
    onPointerMove(e: ReactPointerEvent<HTMLElement>) {
      const t = touch.current;
      if (!t || t.id !== e.pointerId) return;
      const dx = e.clientX - t.x;
      const dy = e.clientY - t.y;
      if (t.timer && Math.hypot(dx, dy) > HOLD_SLOP_PX) {
        clearTimeout(t.timer);
        t.timer = null;
      }
      if (!t.swiping && dx > HOLD_SLOP_PX && Math.abs(dx) > 2 * Math.abs(dy)) t.swiping = true;
      if (t.swiping) setDragX(Math.max(0, Math.min(dx, REPLY_MAX_PX)));
    },
    onPointerUp(e: ReactPointerEvent<HTMLElement>) {
      const t = touch.current;
      if (!t || t.id !== e.pointerId) return;
      const swiped = t.swiping && e.clientX - t.x >= SWIPE_REPLY_PX;
      end();
      if (swiped) onSwipeRight();
    },
    onPointerCancel: end,
    onTouchEnd(e: ReactTouchEvent<HTMLElement>) {
      if (!pressed.current) return;
      pressed.current = false;
      if (e.cancelable) e.preventDefault();
    },
    // The browser sees the long press too (its context menu, often cancelling the touch first):
    // whichever comes first opens the actions, and the browser's menu never shows.
    onContextMenu(e: MouseEvent<HTMLElement>) {
      if (lastPointer.current !== "touch") return;
      e.preventDefault();
      const held = touch.current?.swiping !== true;
      end();
      if (held) {
        pressed.current = true;
        onLongPress();
      }
    },
  };
  return { handlers, dragX };
}
