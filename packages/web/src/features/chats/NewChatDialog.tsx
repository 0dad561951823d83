import type { PublicUser } from "@teamchat/protocol";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch } from "../../app/hooks.js";
import { Avatar } from "../../components/Avatar.js";
import { createGroup, searchDirectory, startDirectChat } from "./thunks.js";

/**
 * Directory search → direct chat, or (group mode) a name plus picked members. A native
 * <dialog> gives focus trapping and Escape-to-close for free.
 */
export function NewChatDialog({ mode, onClose }: { mode: "direct" | "group"; onClose: () => void }) {
  const dispatch = useAppDispatch();
  const dialog = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<PublicUser[]>([]);
  const [picked, setPicked] = useState<PublicUser[]>([]);
  const [name, setName] = useState("");

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  useEffect(() => {
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

  const choose = async (user: PublicUser) => {
    if (mode === "group") {
      setPicked((p) => (p.some((u) => u.id === user.id) ? p.filter((u) => u.id !== user.id) : [...p, user]));
      return;
    }
    try {
      await dispatch(startDirectChat(user.id));
      onClose();
    } catch {
      toast.error("Could not start the chat");
    }
  };

  const submitGroup = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await dispatch(createGroup({ name: name.trim(), memberIds: picked.map((u) => u.id) }));
      onClose();
    } catch {
      toast.error("Could not create the group");
    }
  };

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="new-chat-title"
      className="m-auto w-[min(28rem,92vw)] rounded-2xl bg-white p-0 text-inherit shadow-xl backdrop:bg-black/40 dark:bg-panel-dark"
    >
      <form onSubmit={submitGroup} className="flex max-h-[80vh] flex-col gap-3 p-5">
        <h2 id="new-chat-title" className="font-semibold text-lg">
          {mode === "group" ? "New group" : "New chat"}
        </h2>
        {mode === "group" && (
          <label className="block space-y-1">
            <span className="text-sm">Group name</span>
            <input
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
              className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-600"
            />
          </label>
        )}
        <label className="block space-y-1">
          <span className="text-sm">Search people</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Name or username"
            className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-600"
          />
        </label>
        <ul className="min-h-24 overflow-y-auto" aria-label="People">
          {results.map((user) => {
            const isPicked = picked.some((u) => u.id === user.id);
            return (
              <li key={user.id}>
                <button
                  type="button"
                  onClick={() => choose(user)}
                  aria-pressed={mode === "group" ? isPicked : undefined}
                  className={`flex w-full items-center gap-3 rounded-lg px-2 py-2 text-left hover:bg-black/5 dark:hover:bg-white/5 ${isPicked ? "bg-brand/15" : ""}`}
                >
                  <Avatar name={user.displayName} url={user.avatarUrl} size={36} />
                  <span className="min-w-0">
                    <span className="block truncate">{user.displayName}</span>
                    <span className="block truncate text-xs text-zinc-500">@{user.username}</span>
                  </span>
                  {isPicked && <span className="ml-auto text-brand text-sm">Added</span>}
                </button>
              </li>
            );
          })}
          {results.length === 0 && <li className="p-2 text-sm text-zinc-500">No one found.</li>}
        </ul>
        <div className="flex justify-end gap-2">
          <button
            type="button"
            onClick={onClose}
            className="rounded-lg px-4 py-2 hover:bg-black/5 dark:hover:bg-white/10"
          >
            Cancel
          </button>
          {mode === "group" && (
            <button
              type="submit"
              disabled={!name.trim()}
              className="rounded-lg bg-brand-dark px-4 py-2 text-white disabled:opacity-50"
            >
              Create group{picked.length ? ` (${picked.length + 1})` : ""}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
