import { ChevronDown } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type ListRange, Virtuoso, type VirtuosoHandle } from "react-virtuoso";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { FloatingDay, type FloatingDayHandle } from "./FloatingDay.js";
import { MessageBubble } from "./MessageBubble.js";
import { focusCleared, type UiMessage } from "./messagesSlice.js";
import { selectChatMessagesState, selectMessageList } from "./selectors.js";
import { DaySeparator, startsNewDay, UnreadSeparator } from "./separators.js";
import { jumpToLatest, loadNewer, loadOlder, markRead } from "./thunks.js";
import { useChatOpening } from "./use-chat-opening.js";

/** Messages arriving this close together are a burst: the list follows them by jumping. */
const BURST_MS = 600;

/** How long a message jumped to stays highlighted. */
const HIGHLIGHT_MS = 2_500;

const Spacer = () => <div className="h-2" />;
const LIST_PADDING = { Header: Spacer, Footer: Spacer };

/** Consecutive messages of one sender within this window share a bubble group. */
const GROUP_WINDOW_MS = 5 * 60_000;

function newestStoredSeq(messages: UiMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const seq = messages[i]?.seq;
    if (typeof seq === "number") return seq;
  }
  return 0;
}

function sameRun(a: UiMessage, b: UiMessage): boolean {
  return (
    a.senderId === b.senderId &&
    a.kind === b.kind &&
    Math.abs(Date.parse(b.createdAt) - Date.parse(a.createdAt)) < GROUP_WINDOW_MS
  );
}

/**
 * The virtualized message list: opens at the first unread message (with a separator) or at the
 * bottom, prepends older pages without moving what you look at (Virtuoso's firstItemIndex),
 * follows new messages only when you are at the bottom, and reports what you have actually seen.
 */
export function MessageList({ chatId }: { chatId: string }) {
  const dispatch = useAppDispatch();
  const chat = useAppSelector((s) => s.chats.entities[chatId]);
  const myId = useAppSelector((s) => s.session.me?.id);
  const state = useAppSelector((s) => selectChatMessagesState(s, chatId));
  const messages = useAppSelector((s) => selectMessageList(s, chatId));
  const virtuoso = useRef<VirtuosoHandle>(null);
  const ready = state?.ready ?? false;
  const [atBottom, setAtBottom] = useState(true);
  const lastFollowAt = useRef(Number.NEGATIVE_INFINITY);
  /** The newest seq when the reader left the bottom: everything after it is "new". */
  const [leftBottomAtSeq, setLeftBottomAtSeq] = useState<number | null>(null);
  const visible = useRef<ListRange | null>(null);
  /** The floating day label, told the topmost visible message and whether the list scrolls. */
  const floatingDay = useRef<FloatingDayHandle>(null);

  const unreadAtOpen = useChatOpening(chatId, chat);

  const firstItemIndex = state?.firstItemIndex ?? 0;

  const reportSeen = useCallback(() => {
    const range = visible.current;
    if (!range || document.visibilityState !== "visible" || !document.hasFocus()) return;
    let maxSeq = 0;
    for (let i = range.startIndex; i <= range.endIndex; i++) {
      const seq = messages[i - firstItemIndex]?.seq;
      if (seq && seq > maxSeq) maxSeq = seq;
    }
    if (maxSeq > 0) dispatch(markRead(chatId, maxSeq));
  }, [messages, firstItemIndex, chatId, dispatch]);

  useEffect(() => {
    const onFocus = () => reportSeen();
    window.addEventListener("focus", onFocus);
    document.addEventListener("visibilitychange", onFocus);
    return () => {
      window.removeEventListener("focus", onFocus);
      document.removeEventListener("visibilitychange", onFocus);
    };
  }, [reportSeen]);

  // Arrivals while scrolled up, counted by seq (several can land in one render).
  const newestSeq = newestStoredSeq(messages);
  /** Whether the newest message ends a page that filled a gap below the window. */
  const gapPageEnded = state?.gapPageEndSeq != null && newestSeq === state.gapPageEndSeq;
  const unseenCount = leftBottomAtSeq === null ? 0 : Math.max(0, newestSeq - leftBottomAtSeq);

  const windowId = state?.windowId ?? 0;
  const focus = state?.focus ?? null;
  /** Windows loaded by opening the chat open at the first unread (not a jump, not the ↓ button). */
  const opening = state?.opening ?? false;

  /**
   * Where a window opens (Virtuoso reads it once per window: the list is keyed by windowId):
   * at a message jumped to (centred), at the first unread, or at the bottom.
   */
  // biome-ignore lint/correctness/useExhaustiveDependencies: computed once per window, on purpose
  const initial = useMemo(() => {
    const focusAt = focus ? messages.findIndex((m) => m.seq === focus.seq) : -1;
    if (focus && focusAt >= 0) return { index: focusAt, align: "center" as const, focusNonce: focus.nonce };
    const last = { index: Math.max(0, messages.length - 1), align: "end" as const, focusNonce: null };
    if (!unreadAtOpen || !opening) return last;
    const at = messages.findIndex((m) => (m.seq ?? 0) >= unreadAtOpen.firstSeq);
    return at >= 0 ? { index: at, align: "start" as const, focusNonce: null } : last;
  }, [ready, windowId]);

  /**
   * The window whose end the reader has seen (its last message rendered with the list at its
   * bottom). Only then do new messages pull the list down: Virtuoso reports "at bottom" for a
   * moment while it first measures a window opened further up (react-virtuoso#497) and, with a
   * follow function set, then sticks to the bottom as the items grow, carrying the reader past
   * the first unread before they saw it.
   */
  const [endSeenIn, setEndSeenIn] = useState<number | null>(null);
  const atBottomNow = useRef(false);
  const followArmed = initial.align === "end" || endSeenIn === windowId;
  const noteEndSeen = () => {
    const range = visible.current;
    if (!followArmed && atBottomNow.current && range && range.endIndex >= firstItemIndex + messages.length - 1)
      setEndSeenIn(windowId);
  };
  const lastShown = messages.at(-1);
  const mySendIsLast = lastShown !== undefined && lastShown.senderId === myId && lastShown.status === "sending";
  // My own send goes where I can see it, even before I had seen this window's end. Told
  // explicitly: a follow prop that turns on in the very render that adds the message comes too
  // late for Virtuoso, which reads it when the count changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per newly added last message
  useEffect(() => {
    if (!mySendIsLast || followArmed || state?.hasNewer) return;
    setEndSeenIn(windowId);
    virtuoso.current?.scrollToIndex({ index: "LAST", align: "end", behavior: "auto" });
  }, [lastShown?.key]);

  // A message asked for: brought into view (unless the window just opened on it) and highlighted.
  const [highlightSeq, setHighlightSeq] = useState<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to a new request (nonce), not to list changes
  useEffect(() => {
    if (!focus) return;
    const at = messages.findIndex((m) => m.seq === focus.seq);
    if (at >= 0 && focus.nonce !== initial.focusNonce) {
      virtuoso.current?.scrollToIndex({ index: at, align: "center", behavior: "auto" });
    }
    setHighlightSeq(focus.seq);
    const timer = setTimeout(() => {
      setHighlightSeq(null);
      dispatch(focusCleared({ chatId }));
    }, HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [focus?.nonce, windowId]);

  // Items whose look must not change when older pages arrive above them (see renderItem).
  const shownAsGroupStart = useRef(new Set<string>());

  /**
   * What an item shows depends as little as possible on the item ABOVE it, because older pages
   * are prepended above: an item that changed height there would move what the reader looks at.
   * So the day separator sits below the last message of a day, the gap and the bubble tail below
   * the last message of a sender's run, and a sender name, once shown, stays.
   */
  const renderItem = useCallback(
    (index: number, message: UiMessage) => {
      const position = index - firstItemIndex;
      const previous = messages[position - 1];
      const next = messages[position + 1];
      const endsDay = next !== undefined && startsNewDay(next.createdAt, message.createdAt);
      const endsRun = next === undefined || endsDay || !sameRun(message, next);
      const firstOfChat = previous === undefined && state?.hasOlder === false;
      const firstUnread = unreadAtOpen !== null && message.seq === unreadAtOpen.firstSeq;
      let startsRun = previous === undefined || firstUnread || !sameRun(previous, message);
      if (startsRun) shownAsGroupStart.current.add(message.key);
      else if (shownAsGroupStart.current.has(message.key)) startsRun = true;
      return (
        <div className={endsRun ? "pb-2" : "pb-0.5"}>
          {firstOfChat && <DaySeparator iso={message.createdAt} />}
          {firstUnread && <UnreadSeparator count={unreadAtOpen.count} />}
          <MessageBubble
            message={message}
            chat={chat}
            myId={myId}
            showSender={chat !== undefined && chat.type !== "direct" && startsRun}
            tail={endsRun}
            highlighted={message.seq !== null && message.seq === highlightSeq}
          />
          {endsDay && next && <DaySeparator iso={next.createdAt} />}
        </div>
      );
    },
    [messages, firstItemIndex, unreadAtOpen, chat, myId, state?.hasOlder, highlightSeq],
  );

  if (!ready) {
    return <div className="flex flex-1 items-center justify-center text-sm text-zinc-500">Loading messages…</div>;
  }
  if (messages.length === 0) {
    return (
      <div className="flex flex-1 items-center justify-center p-6 text-center text-sm text-zinc-500">
        No messages yet. Say hello!
      </div>
    );
  }

  return (
    <div className="relative min-h-0 flex-1">
      <Virtuoso
        key={windowId}
        ref={virtuoso}
        data={messages}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={{ index: initial.index, align: initial.align }}
        computeItemKey={(_, m) => m.key}
        itemContent={renderItem}
        startReached={() => {
          if (state?.hasOlder) dispatch(loadOlder(chatId)).catch(() => {});
        }}
        endReached={() => {
          if (state?.hasNewer) dispatch(loadNewer(chatId)).catch(() => {});
        }}
        // A literal false, not a function answering false: Virtuoso also scrolls to the bottom when
        // the list grows while the prop is a function. Below a window opened further up (or the
        // page that filled that gap), and until the reader has seen this window's end, the
        // reader stays where they are.
        followOutput={
          state?.hasNewer || gapPageEnded || !followArmed
            ? false
            : (isAtBottom) => {
                const last = messages.at(-1);
                if (last && last.senderId === myId && last.status === "sending") return "auto";
                // In a burst, the next message lands while the smooth scroll to the previous one is
                // still under way: the list is not at its bottom at that instant, and following
                // stopped one short of the newest (message-info.spec). Within a burst it jumps.
                const now = performance.now();
                const inBurst = now - lastFollowAt.current < BURST_MS;
                if (!isAtBottom && !inBurst) return false;
                lastFollowAt.current = now;
                return inBurst ? "auto" : "smooth";
              }
        }
        atBottomStateChange={(bottom) => {
          atBottomNow.current = bottom;
          noteEndSeen();
          setAtBottom(bottom);
          setLeftBottomAtSeq(bottom ? null : newestSeq);
        }}
        atBottomThreshold={48}
        rangeChanged={(range) => {
          visible.current = range;
          noteEndSeen();
          floatingDay.current?.top(messages[range.startIndex - firstItemIndex]?.createdAt ?? null);
          reportSeen();
        }}
        isScrolling={(on) => floatingDay.current?.scrolling(on)}
        className="h-full"
        data-testid="message-list"
        components={LIST_PADDING}
      />
      <FloatingDay ref={floatingDay} />
      {(!atBottom || state?.hasNewer) && (
        <button
          type="button"
          onClick={() => {
            // A window opened further up is not followed by the newest messages: load those.
            if (state?.hasNewer) dispatch(jumpToLatest(chatId)).catch(() => {});
            else virtuoso.current?.scrollToIndex({ index: "LAST", align: "end", behavior: "auto" });
          }}
          aria-label={unseenCount ? `${unseenCount} new messages, scroll to bottom` : "Scroll to bottom"}
          className="absolute right-4 bottom-3 flex items-center gap-1 rounded-full bg-white px-3 py-2 text-sm shadow-md dark:bg-zinc-700"
        >
          {unseenCount > 0 && <span className="font-semibold text-brand">{unseenCount} new</span>}
          <ChevronDown size={18} aria-hidden="true" />
        </button>
      )}
    </div>
  );
}
