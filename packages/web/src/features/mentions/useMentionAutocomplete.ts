import { type KeyboardEvent, type RefObject, useMemo, useState } from "react";
import { useAppSelector } from "../../app/hooks.js";
import {
  activeMentionQuery,
  insertMention,
  type Mentionable,
  mentionsStillInText,
  suggestMembers,
} from "./mentions.js";

/**
 * "@" autocomplete for the composer: suggestions from the chat's other members while an @word
 * is typed, ↑/↓ to move, Enter or Tab to pick, Escape to dismiss. Picked people are kept by id,
 * so the message carries who is mentioned (not a name parsed back from the text).
 */
export function useMentionAutocomplete(
  chatId: string,
  text: string,
  setText: (text: string) => void,
  box: RefObject<HTMLTextAreaElement | null>,
) {
  const myId = useAppSelector((s) => s.session.me?.id);
  const members = useAppSelector((s) => s.chats.entities[chatId]?.members);
  const [caret, setCaret] = useState(0);
  const [picked, setPicked] = useState<Mentionable[]>([]);
  const [highlighted, setHighlighted] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);

  const candidates = useMemo<Mentionable[]>(
    () =>
      (members ?? [])
        .filter((m) => m.user.id !== myId)
        .map((m) => ({ id: m.user.id, displayName: m.user.displayName, username: m.user.username })),
    [members, myId],
  );
  const active = activeMentionQuery(text, caret);
  const suggestions = active && active.start !== dismissedAt ? suggestMembers(candidates, active.query) : [];
  const open = suggestions.length > 0;
  const current = Math.min(highlighted, Math.max(0, suggestions.length - 1));

  const pick = (member: Mentionable) => {
    if (!active) return;
    const next = insertMention(text, active.start, caret, member);
    setText(next.text);
    setPicked((p) => [...p, member]);
    setHighlighted(0);
    setCaret(next.caret);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(next.caret, next.caret);
    });
  };

  /** True when the key was the autocomplete's (the composer must not act on it). */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || !active) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setHighlighted((current + step + suggestions.length) % suggestions.length);
      return true;
    }
    if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
      e.preventDefault();
      const member = suggestions[current];
      if (member) pick(member);
      return true;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      setDismissedAt(active.start);
      return true;
    }
    return false;
  };

  return {
    suggestions,
    highlighted: current,
    open,
    pick,
    onKeyDown,
    /** Keep the caret position in step (typing, clicking, arrow keys). */
    trackCaret: () => setCaret(box.current?.selectionStart ?? 0),
    /** Editing a message: its mentions count as picked (kept while their "@Name" stays in the text). */
    startWith: (ids: string[]) => setPicked(candidates.filter((c) => ids.includes(c.id))),
    /** The ids to send with `body`; forgets the picks (after a send). */
    takeMentions: (body: string) => {
      const ids = mentionsStillInText(body, picked);
      setPicked([]);
      setDismissedAt(null);
      return ids;
    },
  };
}
