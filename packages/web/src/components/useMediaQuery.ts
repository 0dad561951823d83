import { useCallback, useSyncExternalStore } from "react";

const lists = new Map<string, MediaQueryList>();
/** One live MediaQueryList per query: every message bubble asks, each render. */
function mediaQueryList(query: string): MediaQueryList {
  let list = lists.get(query);
  if (!list) {
    list = window.matchMedia(query);
    lists.set(query, list);
  }
  return list;
}

/** Whether a media query matches now; re-renders when that changes (rotation, resize). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = mediaQueryList(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => mediaQueryList(query).matches,
    () => false,
  );
}

/** Phones: below Tailwind's `sm` (640 px), menus open as bottom sheets. */
export const NARROW_QUERY = "(max-width: 639.98px)";
