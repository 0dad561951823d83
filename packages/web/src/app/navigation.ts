import { useCallback } from "react";
import { useLocation, useNavigate } from "react-router";

type BackState = { back?: string } | null;

/**
 * Moves to an address inside the app. Every step records where it came from, so a step back to
 * that very address (closing a panel, "Back to chats") is the browser's Back: the history never
 * piles up list → chat → list → chat, and the system back gesture retraces what the user did.
 */
export function useGo(): (to: string) => void {
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback(
    (to: string) => {
      const here = location.pathname + location.search;
      if (to === here) return;
      const back = (location.state as BackState)?.back;
      if (back === to) navigate(-1);
      else navigate(to, { state: { back: here } });
    },
    [navigate, location],
  );
}
