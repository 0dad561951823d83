import { formatDistanceStrict } from "date-fns";
import { useEffect, useState } from "react";

/** How often a shown "last seen …" is recomputed (its coarsest unit that changes is minutes). */
export const LAST_SEEN_REFRESH_MS = 20_000;

/** "last seen just now" under a minute, then "last seen 5 minutes ago", "… 2 hours ago". */
export function lastSeenLabel(lastSeenAt: string, now: number): string {
  const at = Date.parse(lastSeenAt);
  if (now - at < 60_000) return "last seen just now";
  return `last seen ${formatDistanceStrict(at, now, { addSuffix: true, roundingMethod: "floor" })}`;
}

/** The current time, refreshed every `intervalMs` while it is not null (a re-render each time). */
export function useNow(intervalMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (intervalMs === null) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
