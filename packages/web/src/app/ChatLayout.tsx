import { useCallback, useEffect, useState } from "react";
import { PortalContainerContext } from "../components/portal.js";
import { useEmbedMode } from "../embed/embed-context.js";
import { Sidebar } from "../features/chats/Sidebar.js";
import { selectTotalUnread } from "../features/chats/selectors.js";
import { ConnectionBanner } from "../features/connection/ConnectionBanner.js";
import { typingExpired } from "../features/live/liveSlice.js";
import { ChatWindow } from "../features/messages/ChatWindow.js";
import { AppRouter } from "./AppRouter.js";
import { useAppDispatch, useAppSelector } from "./hooks.js";
import { ShortcutsSheet } from "./ShortcutsSheet.js";
import { useShortcuts } from "./useShortcuts.js";
import { useVisualViewportHeight } from "./useVisualViewportHeight.js";

const TITLE = "Team chat";

/** Two panes side by side; on a narrow screen one at a time (the list, or the open chat). */
export function ChatLayout() {
  const dispatch = useAppDispatch();
  const selected = useAppSelector((s) => s.chats.selectedId);
  const unread = useAppSelector(selectTotalUnread);
  const { standalone } = useEmbedMode();
  const [portalHost, setPortalHost] = useState<HTMLDivElement | null>(null);
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts(root, openHelp, standalone);
  // On a phone the on-screen keyboard covers the bottom of the page: the layout ends above it.
  const visibleHeight = useVisualViewportHeight(standalone);

  useEffect(() => {
    // Embedded, the page title is the host's (it has <UnreadBadge/> for the count).
    if (standalone) document.title = unread > 0 ? `(${unread}) ${TITLE}` : TITLE;
  }, [unread, standalone]);

  useEffect(() => {
    const timer = setInterval(() => dispatch(typingExpired({ now: Date.now() })), 1_000);
    // Warm the markdown chunk so the first bubbles render formatted, with no reflow.
    import("../features/messages/MarkdownBody.js").catch(() => {});
    return () => clearInterval(timer);
  }, [dispatch]);

  return (
    <AppRouter>
      <PortalContainerContext.Provider value={portalHost}>
        <div
          ref={setRoot}
          className="flex h-full flex-col"
          style={visibleHeight ? { height: `${visibleHeight}px` } : undefined}
        >
          <ConnectionBanner />
          <div className="flex min-h-0 flex-1">
            <aside
              className={`w-full min-w-0 border-zinc-200 border-r md:flex md:w-[min(30rem,38%)] md:min-w-72 dark:border-zinc-800 ${selected ? "hidden" : "flex"} flex-col`}
            >
              <Sidebar />
            </aside>
            <div className={`min-w-0 flex-1 ${selected ? "flex" : "hidden md:flex"}`}>
              <ChatWindow chatId={selected} />
            </div>
          </div>
          <ShortcutsSheet open={helpOpen} onOpenChange={setHelpOpen} />
          {/* Menus and sheets render here: inside .tc-root (its styles), above every pane. */}
          <div ref={setPortalHost} />
        </div>
      </PortalContainerContext.Provider>
    </AppRouter>
  );
}
