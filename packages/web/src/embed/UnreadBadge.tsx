import type { ReactElement, ReactNode } from "react";
import { useAppSelector } from "../app/hooks.js";
import { selectTotalUnread } from "../features/chats/selectors.js";
import { useEmbedMode } from "./embed-context.js";

export type UnreadBadgeProps = {
  /** Render it yourself (e.g. in the host's own badge style); default: a small green pill. */
  children?: ((count: number) => ReactNode) | undefined;
  /** Shown even at zero (the default hides the pill then). */
  showZero?: boolean | undefined;
};

/** Unread messages across my chats (muted chats not counted), live, for the host's navbar. */
export function UnreadBadge({ children, showZero = false }: UnreadBadgeProps): ReactElement | null {
  const total = useAppSelector(selectTotalUnread);
  // Nothing of a session that is not (or no longer) running: a stale count misleads.
  const count = useEmbedMode().phase.kind === "ready" ? total : 0;
  if (children) return <>{children(count)}</>;
  if (count === 0 && !showZero) return null;
  return (
    <span className="tc-root">
      <span
        className="inline-flex min-w-5 items-center justify-center rounded-full bg-brand px-1.5 font-semibold text-white text-xs leading-5"
        role="status"
        aria-label={`${count} unread chat messages`}
        data-testid="tc-unread-badge"
      >
        {count > 999 ? "999+" : count}
      </span>
    </span>
  );
}
