/** The keyboard shortcuts, as the `?` sheet lists them (useShortcuts implements them). */
export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: "Ctrl/⌘ K", what: "Search chats" },
  { keys: "Alt ↑ / Alt ↓", what: "Previous / next chat" },
  { keys: "Enter", what: "Send (Shift+Enter: new line)" },
  { keys: "↑ in an empty message", what: "Edit my last message" },
  { keys: "Esc", what: "Close the menu, panel, reply or edit" },
  { keys: "Tab, then Enter", what: "A message's actions (arrow keys move through them)" },
  { keys: "?", what: "This list" },
];

/** Typing in a field: single-key shortcuts (like `?`) are text there. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== "function") return false;
  return el.isContentEditable || el.closest("input, textarea, select") !== null;
}

/** The chat before or after `current` in the list as shown (wrapping at neither end). */
export function neighbourChat(ids: string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return step === 1 ? (ids[0] ?? null) : (ids.at(-1) ?? null);
  return ids[at + step] ?? null;
}
