import { LIMITS, type SearchHit } from "@teamchat/protocol";
import { format, isToday } from "date-fns";
import { ChevronDown, ChevronUp, X } from "lucide-react";
import { type UIEvent, useEffect, useState } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { useGo } from "../../app/navigation.js";
import { messagePath } from "../../app/routes.js";
import { IconButton } from "../../components/IconButton.js";
import { chatTitle } from "../chats/selectors.js";
import { authorName } from "../messages/ReplyQuote.js";
import { highlightSegments } from "./highlight.js";
import { searchClosed, searchMatchShown } from "./searchSlice.js";
import { loadMoreResults, runSearch, showMatch } from "./thunks.js";

const DEBOUNCE_MS = 250;
/** Start loading the next page this close (px) to the bottom of the results. */
const LOAD_AHEAD_PX = 300;

/** "k of N" for in-chat search; the server counts up to 1,001 matches. */
function countLabel(current: number | null, total: number | null, loaded: number): string {
  const all = total === null ? `${loaded}` : total > 1000 ? "1000+" : `${total}`;
  if (current === null) return `${all} ${all === "1" ? "match" : "matches"}`;
  return `${current + 1} of ${all}`;
}

/**
 * Message search: across my chats (in the sidebar) or within one chat (beside it). Results are
 * newest first, each with its chat, sender, date and a snippet around the match; more load as
 * the list is scrolled. In a chat, up/down move between matches ("k of N"). Snippets are plain
 * text with <mark>s built here by React from the server's ranges: no markup reaches the DOM as HTML.
 */
export function SearchPanel() {
  const dispatch = useAppDispatch();
  const panel = useAppSelector((s) => s.search.panel);
  const { status, error, hits, nextCursor, loadingMore, total, current } = useAppSelector((s) => s.search);
  const chats = useAppSelector((s) => s.chats.entities);
  const myId = useAppSelector((s) => s.session.me?.id);
  const [text, setText] = useState("");
  const go = useGo();

  useEffect(() => {
    const timer = setTimeout(() => dispatch(runSearch(text)).catch(() => {}), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, dispatch]);

  if (!panel) return null;
  const scopeChat = panel.chatId ? chats[panel.chatId] : undefined;
  const inChat = panel.chatId !== null;
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    if (nextCursor && el.scrollHeight - el.scrollTop - el.clientHeight < LOAD_AHEAD_PX) {
      dispatch(loadMoreResults()).catch(() => {});
    }
  };
  const lastIndex = total === null ? hits.length - 1 : Math.min(total, 1_001) - 1;
  const older = () => dispatch(showMatch(current === null ? 0 : current + 1)).catch(() => {});
  const newer = () => current !== null && dispatch(showMatch(current - 1)).catch(() => {});
  return (
    <section aria-label="Search messages" className="flex min-h-0 flex-1 flex-col" data-testid="search-panel">
      <div className="flex items-center gap-2 px-3 py-2">
        <input
          type="search"
          // biome-ignore lint/a11y/noAutofocus: the panel opens to type a query
          autoFocus
          aria-label={scopeChat ? "Search in this chat" : "Search messages"}
          placeholder={
            scopeChat ? `Search in ${chatTitle(scopeChat, myId)}` : "Search messages (from: in: before: after:)"
          }
          maxLength={LIMITS.searchQueryMax}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") dispatch(searchClosed());
            // In a chat, Enter / ↑ go to the next older match and ↓ back to newer, as in WhatsApp.
            if (inChat && (e.key === "Enter" || e.key === "ArrowUp")) {
              e.preventDefault();
              older();
            }
            if (inChat && e.key === "ArrowDown") {
              e.preventDefault();
              newer();
            }
          }}
          className="w-full rounded-lg bg-zinc-100 px-3 py-1.5 text-sm dark:bg-zinc-800"
        />
        <IconButton label="Close search" onClick={() => dispatch(searchClosed())}>
          <X size={18} />
        </IconButton>
      </div>
      {inChat && status === "done" && hits.length > 0 && (
        <div className="flex items-center justify-end gap-1 px-3 pb-1 text-sm text-zinc-600 dark:text-zinc-300">
          <span data-testid="match-count" className="mr-auto">
            {countLabel(current, total, hits.length)}
          </span>
          <IconButton label="Older match" disabled={current !== null && current >= lastIndex} onClick={older}>
            <ChevronUp size={18} />
          </IconButton>
          <IconButton label="Newer match" disabled={current === null || current === 0} onClick={newer}>
            <ChevronDown size={18} />
          </IconButton>
        </div>
      )}
      <div
        className="min-h-0 flex-1 overflow-y-auto"
        aria-live="polite"
        onScroll={onScroll}
        data-testid="search-results"
      >
        {status === "loading" && <p className="px-4 py-2 text-sm text-zinc-500">Searching…</p>}
        {status === "failed" && (
          <p className="px-4 py-2 text-red-700 text-sm dark:text-red-300">Search failed: {error}</p>
        )}
        {status === "done" && hits.length === 0 && (
          <p className="px-4 py-2 text-sm text-zinc-500">No messages found.</p>
        )}
        <ul>
          {hits.map((hit, index) => {
            const chat = chats[hit.message.chatId];
            return (
              <li key={hit.message.id}>
                <SearchResult
                  hit={hit}
                  chatName={inChat ? null : chat ? chatTitle(chat, myId) : "Chat"}
                  sender={authorName(chat, hit.message.senderId, myId)}
                  current={current === index}
                  // A result is a link to the message: its address opens the chat there (app/RouteSync).
                  onOpen={() => {
                    if (inChat) dispatch(searchMatchShown(index));
                    go(messagePath(hit.message.chatId, hit.message.seq));
                  }}
                />
              </li>
            );
          })}
        </ul>
        {loadingMore && <p className="px-4 py-2 text-sm text-zinc-500">Loading more…</p>}
      </div>
    </section>
  );
}

function SearchResult({
  hit,
  chatName,
  sender,
  current,
  onOpen,
}: {
  hit: SearchHit;
  chatName: string | null;
  sender: string;
  current: boolean;
  onOpen: () => void;
}) {
  const segments = highlightSegments(hit.snippet ?? hit.message.body, hit.highlights);
  const at = new Date(hit.message.createdAt);
  return (
    <button
      type="button"
      data-testid="search-result"
      aria-current={current ? "true" : undefined}
      onClick={onOpen}
      className={`block w-full border-zinc-100 border-b px-4 py-2 text-left hover:bg-black/5 dark:border-zinc-800 dark:hover:bg-white/5 ${current ? "bg-brand/10" : ""}`}
    >
      {chatName !== null && (
        <span className="block truncate font-medium text-sm" data-testid="search-result-chat">
          {chatName}
        </span>
      )}
      <span className="flex justify-between gap-2 text-xs text-zinc-500">
        <span className="truncate">{sender}</span>
        <time dateTime={hit.message.createdAt} className="shrink-0">
          {isToday(at) ? format(at, "HH:mm") : format(at, "d MMM yyyy")}
        </time>
      </span>
      <span className="line-clamp-3 text-sm">
        {segments.map((s, i) =>
          s.mark ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: segments never reorder
            <mark key={i} className="rounded-sm bg-amber-200 text-inherit dark:bg-amber-700">
              {s.text}
            </mark>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: segments never reorder
            <span key={i}>{s.text}</span>
          ),
        )}
      </span>
    </button>
  );
}
