import { LIMITS, type SearchHit } from "@teamchat/protocol";
import { format } from "date-fns";
import { X } from "lucide-react";
import { useEffect, useState } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { IconButton } from "../../components/IconButton.js";
import { chatTitle } from "../chats/selectors.js";
import { authorName } from "../messages/ReplyQuote.js";
import { openChatAt } from "../messages/thunks.js";
import { highlightSegments } from "./highlight.js";
import { searchClosed } from "./searchSlice.js";
import { runSearch } from "./thunks.js";

const DEBOUNCE_MS = 250;

/**
 * Message search: across my chats (in the sidebar) or within one chat. Results come grouped by
 * chat; a click opens the chat at that message. Snippets are plain text with <mark>s built here
 * by React from the server's ranges: no markup from anyone reaches the DOM as HTML.
 */
export function SearchPanel() {
  const dispatch = useAppDispatch();
  const panel = useAppSelector((s) => s.search.panel);
  const { status, error, results } = useAppSelector((s) => s.search);
  const chats = useAppSelector((s) => s.chats.entities);
  const myId = useAppSelector((s) => s.session.me?.id);
  const [text, setText] = useState("");

  useEffect(() => {
    const timer = setTimeout(() => dispatch(runSearch(text)).catch(() => {}), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, dispatch]);

  if (!panel) return null;
  const scopeChat = panel.chatId ? chats[panel.chatId] : undefined;
  const groups = results?.groups ?? [];
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
          onKeyDown={(e) => e.key === "Escape" && dispatch(searchClosed())}
          className="w-full rounded-lg bg-zinc-100 px-3 py-1.5 text-sm dark:bg-zinc-800"
        />
        <IconButton label="Close search" onClick={() => dispatch(searchClosed())}>
          <X size={18} />
        </IconButton>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto" aria-live="polite">
        {status === "loading" && <p className="px-4 py-2 text-sm text-zinc-500">Searching…</p>}
        {status === "failed" && (
          <p className="px-4 py-2 text-red-700 text-sm dark:text-red-300">Search failed: {error}</p>
        )}
        {status === "done" && groups.length === 0 && (
          <p className="px-4 py-2 text-sm text-zinc-500">No messages found.</p>
        )}
        {groups.map((group) => {
          const chat = chats[group.chatId];
          return (
            <section key={group.chatId} aria-label={chat ? chatTitle(chat, myId) : "Chat"}>
              {!panel.chatId && (
                <h3 className="bg-zinc-50 px-4 py-1 font-medium text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-300">
                  {chat ? chatTitle(chat, myId) : "Chat"}
                </h3>
              )}
              <ul>
                {group.results.map((hit) => (
                  <li key={hit.message.id}>
                    <SearchResult
                      hit={hit}
                      sender={authorName(chat, hit.message.senderId, myId)}
                      onOpen={() => dispatch(openChatAt(hit.message.chatId, hit.message.seq)).catch(() => {})}
                    />
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </section>
  );
}

function SearchResult({ hit, sender, onOpen }: { hit: SearchHit; sender: string; onOpen: () => void }) {
  const segments = highlightSegments(hit.snippet ?? hit.message.body, hit.highlights);
  return (
    <button
      type="button"
      data-testid="search-result"
      onClick={onOpen}
      className="block w-full border-zinc-100 border-b px-4 py-2 text-left hover:bg-black/5 dark:border-zinc-800 dark:hover:bg-white/5"
    >
      <span className="flex justify-between text-xs text-zinc-500">
        <span>{sender}</span>
        <time dateTime={hit.message.createdAt}>{format(new Date(hit.message.createdAt), "d MMM yyyy")}</time>
      </span>
      <span className="line-clamp-2 text-sm">
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
