import type { PublicUser } from "@teamchat/protocol";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch } from "../../app/hooks.js";
import { Avatar } from "../../components/Avatar.js";
import { addGroupMembers } from "./groupThunks.js";
import { searchDirectory } from "./thunks.js";

/** Directory search (as in NewChatDialog); a click adds that person to the group. */
export function AddMembers({ chatId, memberIds }: { chatId: string; memberIds: string[] }) {
  const dispatch = useAppDispatch();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<PublicUser[]>([]);

  useEffect(() => {
    if (!query.trim()) return setResults([]);
    let cancelled = false;
    const timer = setTimeout(() => {
      dispatch(searchDirectory(query.trim()))
        .then((users) => !cancelled && setResults(users))
        .catch(() => !cancelled && setResults([]));
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [dispatch, query]);

  const candidates = results.filter((u) => !memberIds.includes(u.id));
  const add = (user: PublicUser) =>
    dispatch(addGroupMembers(chatId, [user.id])).then(
      () => setQuery(""),
      (err: unknown) => toast.error(err instanceof Error ? `Not added: ${err.message}` : "Not added"),
    );

  return (
    <section className="space-y-1">
      <label className="block space-y-1">
        <span className="text-sm">Add members</span>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Name or username"
          className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-600"
        />
      </label>
      <ul aria-label="People to add">
        {candidates.map((user) => (
          <li key={user.id}>
            <button
              type="button"
              onClick={() => add(user)}
              className="flex w-full items-center gap-3 rounded-lg px-2 py-1.5 text-left hover:bg-black/5 dark:hover:bg-white/5"
            >
              <Avatar name={user.displayName} url={user.avatarUrl} size={28} />
              <span className="truncate">Add {user.displayName}</span>
              <span className="ml-auto truncate text-xs text-zinc-500">@{user.username}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
