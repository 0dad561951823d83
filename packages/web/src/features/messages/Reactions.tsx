import type { ChatSummary, Message } from "@teamchat/protocol";
import { toast } from "sonner";
import { useAppDispatch } from "../../app/hooks.js";
import { toggleReaction } from "./thunks.js";

/** Reaction chips: emoji and count; the tooltip names who reacted; a click toggles mine. */
export function Reactions({
  chat,
  messageId,
  reactions,
  myId,
}: {
  chat: ChatSummary;
  messageId: string;
  reactions: Message["reactions"];
  myId: string | undefined;
}) {
  const dispatch = useAppDispatch();
  const nameOf = (id: string) =>
    id === myId ? "You" : (chat.members.find((m) => m.user.id === id)?.user.displayName ?? "Someone");
  return (
    <div className="mt-1 flex flex-wrap gap-1" data-testid="reactions">
      {reactions.map((r) => {
        const mine = myId !== undefined && r.userIds.includes(myId);
        const who = r.userIds.map(nameOf).join(", ");
        return (
          <button
            key={r.emoji}
            type="button"
            title={who}
            aria-label={`${r.emoji} ${r.userIds.length}: ${who}`}
            aria-pressed={mine}
            onClick={() =>
              dispatch(toggleReaction(chat.id, messageId, r.emoji)).catch(() => toast.error("Could not react"))
            }
            className={`rounded-full border px-1.5 text-xs leading-5 ${mine ? "border-brand bg-brand/15" : "border-zinc-300 bg-white/70 dark:border-zinc-600 dark:bg-black/20"}`}
          >
            {r.emoji} {r.userIds.length}
          </button>
        );
      })}
    </div>
  );
}
