import { useAppSelector } from "../../app/hooks.js";

const TEXT = {
  connecting: "Connecting…",
  reconnecting: "Connection lost. Reconnecting…",
  offline: "You are offline. Messages will be sent when you are back online.",
} as const;

/** Shown whenever the link is not live, so nobody mistakes a stale screen for a quiet one. */
export function ConnectionBanner() {
  const state = useAppSelector((s) => s.connection.state);
  if (state !== "connecting" && state !== "reconnecting" && state !== "offline") return null;
  return (
    <div
      role="status"
      data-testid="connection-banner"
      className={`px-4 py-1.5 text-center text-sm ${state === "offline" ? "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-50" : "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-50"}`}
    >
      {TEXT[state]}
    </div>
  );
}
