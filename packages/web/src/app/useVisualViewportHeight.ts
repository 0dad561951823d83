import { useEffect, useState } from "react";

/**
 * The height of what is visible of the page, when an on-screen keyboard (or a pinch zoom) hides
 * part of it; null while all of it shows. The stand-alone app sizes itself to this, so the composer
 * sits just above the keyboard instead of behind it. Embedded, the host page sizes the chat.
 */
export function useVisualViewportHeight(enabled: boolean): number | null {
  const [height, setHeight] = useState<number | null>(null);
  useEffect(() => {
    const viewport = window.visualViewport;
    if (!enabled || !viewport) return;
    const update = () => {
      // A pinch zoom also shrinks the visible part: that is not a keyboard.
      const hidden = viewport.scale > 1.01 ? 0 : window.innerHeight - viewport.height;
      setHeight(hidden > 1 ? Math.round(viewport.height) : null);
      // iOS scrolls the page up to show a focused field; the app is sized to fit, so undo that.
      if (hidden > 1 && window.scrollY !== 0) window.scrollTo(0, 0);
    };
    // First read in the next frame, not in the task that mounted the app: reading the viewport
    // there forces a layout of everything just rendered (issue 15, long tasks at start).
    const first = requestAnimationFrame(update);
    viewport.addEventListener("resize", update);
    viewport.addEventListener("scroll", update);
    return () => {
      cancelAnimationFrame(first);
      viewport.removeEventListener("resize", update);
      viewport.removeEventListener("scroll", update);
    };
  }, [enabled]);
  return height;
}
