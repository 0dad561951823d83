import { type Ref, useEffect, useImperativeHandle, useState } from "react";
import { dayLabel } from "./separators.js";

/** How long the label stays after scrolling stops. */
const LINGER_MS = 1_200;

/** Fed by the list's scroll callbacks without re-rendering the list itself. */
export type FloatingDayHandle = { top: (iso: string | null) => void; scrolling: (on: boolean) => void };

/**
 * The day of the topmost visible message, floating over the top of the list while the reader
 * scrolls (as in WhatsApp), gone shortly after scrolling stops. Its state lives here: a
 * re-render of the list on every range change upset Virtuoso's opening position.
 */
export function FloatingDay({ ref }: { ref: Ref<FloatingDayHandle> }) {
  const [iso, setIso] = useState<string | null>(null);
  const [scrolling, setScrolling] = useState(false);
  const [shown, setShown] = useState(false);
  useImperativeHandle(ref, () => ({ top: setIso, scrolling: setScrolling }), []);
  useEffect(() => {
    if (scrolling) {
      setShown(true);
      return;
    }
    const timer = setTimeout(() => setShown(false), LINGER_MS);
    return () => clearTimeout(timer);
  }, [scrolling]);
  if (!iso) return null;
  return (
    <div
      aria-hidden="true"
      data-testid="floating-day"
      data-shown={shown || undefined}
      className={`pointer-events-none absolute inset-x-0 top-2 z-10 flex justify-center transition-opacity duration-300 ${shown ? "opacity-100" : "opacity-0"}`}
    >
      <span className="rounded-lg bg-white/95 px-3 py-1 text-xs text-zinc-600 uppercase shadow-sm dark:bg-bubble-in-dark dark:text-zinc-300">
        {dayLabel(iso)}
      </span>
    </div>
  );
}
