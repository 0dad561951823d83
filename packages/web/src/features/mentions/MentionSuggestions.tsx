import { Avatar } from "../../components/Avatar.js";
import type { Mentionable } from "./mentions.js";

/** The list of people matching the "@word" being typed; the composer keeps the keyboard focus. */
export function MentionSuggestions({
  suggestions,
  highlighted,
  onPick,
}: {
  suggestions: Mentionable[];
  highlighted: number;
  onPick: (member: Mentionable) => void;
}) {
  return (
    <div
      id="mention-suggestions"
      role="listbox"
      aria-label="Mention someone"
      className="absolute bottom-full left-12 z-20 mb-2 w-64 overflow-hidden rounded-lg bg-white py-1 shadow-lg dark:bg-zinc-700"
    >
      {suggestions.map((m, i) => (
        <div
          key={m.id}
          tabIndex={-1}
          id={`mention-option-${m.id}`}
          role="option"
          aria-selected={i === highlighted}
          // mousedown, not click: the textarea must not lose focus (and the caret) first.
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(m);
          }}
          className={`flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm ${i === highlighted ? "bg-black/10 dark:bg-white/10" : ""}`}
        >
          <Avatar name={m.displayName} url={null} size={24} />
          <span className="truncate font-medium">{m.displayName}</span>
          <span className="truncate text-xs text-zinc-500">@{m.username}</span>
        </div>
      ))}
    </div>
  );
}
