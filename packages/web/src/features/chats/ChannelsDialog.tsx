import type { ChannelListing } from "@teamchat/protocol";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch } from "../../app/hooks.js";
import { Avatar } from "../../components/Avatar.js";
import { chatSelected } from "./chatsSlice.js";
import { browseChannels, createChannel, joinChannel } from "./thunks.js";

const SEARCH_DELAY_MS = 250;

/** The channel directory: search by name, page through, join or open; and create a channel. */
export function ChannelsDialog({ onClose }: { onClose: () => void }) {
  const dispatch = useAppDispatch();
  const ref = useRef<HTMLDialogElement>(null);
  const [q, setQ] = useState("");
  const [channels, setChannels] = useState<ChannelListing[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    ref.current?.showModal();
  }, []);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      setLoading(true);
      dispatch(browseChannels(q))
        .then((page) => {
          if (!current) return;
          setChannels(page.channels);
          setHasMore(page.hasMore);
        })
        .catch(() => toast.error("Could not load channels"))
        .finally(() => current && setLoading(false));
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [dispatch, q]);

  const more = () =>
    dispatch(browseChannels(q, channels.length)).then((page) => {
      setChannels((c) => [...c, ...page.channels]);
      setHasMore(page.hasMore);
    });
  const open = (c: ChannelListing) => {
    const action = c.joined ? Promise.resolve(dispatch(chatSelected(c.id))) : dispatch(joinChannel(c.id));
    action.then(onClose, () => toast.error("Could not join the channel"));
  };

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-label="Channels"
      className="m-auto w-[min(30rem,94vw)] rounded-2xl bg-white p-0 text-inherit shadow-xl backdrop:bg-black/40 dark:bg-panel-dark"
    >
      <div className="flex max-h-[85vh] flex-col gap-3 p-5">
        <h2 className="font-semibold text-lg">Channels</h2>
        <input
          type="search"
          aria-label="Search channels"
          placeholder="Search channels"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="rounded-lg bg-zinc-100 px-3 py-1.5 text-sm dark:bg-zinc-800"
        />
        <ul className="min-h-24 flex-1 overflow-y-auto" aria-label="Channel directory" aria-busy={loading}>
          {channels.map((c) => (
            <li key={c.id} data-testid="channel-listing" className="flex items-center gap-3 py-1.5">
              <Avatar name={c.name} url={null} size={32} />
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium">{c.name}</span>
                <span className="block truncate text-xs text-zinc-500">
                  {c.memberCount} {c.memberCount === 1 ? "member" : "members"}
                  {c.onlyAdminsCanPost ? " · announcements" : ""}
                </span>
              </span>
              <button
                type="button"
                onClick={() => open(c)}
                aria-label={`${c.joined ? "Open" : "Join"} ${c.name}`}
                className={`rounded-lg px-3 py-1 text-sm ${c.joined ? "hover:bg-black/5 dark:hover:bg-white/10" : "bg-brand font-medium text-white"}`}
              >
                {c.joined ? "Open" : "Join"}
              </button>
            </li>
          ))}
          {!loading && channels.length === 0 && (
            <li className="py-4 text-center text-sm text-zinc-500">{q ? "No channel matches." : "No channels yet."}</li>
          )}
        </ul>
        {hasMore && (
          <button type="button" onClick={more} className="self-center text-sm underline">
            Show more
          </button>
        )}
        <CreateChannel onCreated={onClose} />
        <button type="button" onClick={onClose} className="self-end rounded-lg px-4 py-2">
          Close
        </button>
      </div>
    </dialog>
  );
}

function CreateChannel({ onCreated }: { onCreated: () => void }) {
  const dispatch = useAppDispatch();
  const [name, setName] = useState("");
  const [announcement, setAnnouncement] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    dispatch(createChannel({ name: name.trim(), announcement })).then(onCreated, () =>
      toast.error("Could not create the channel"),
    );
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-2 border-zinc-200 border-t pt-3 dark:border-zinc-700">
      <label className="flex flex-col gap-1 text-sm">
        New channel name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          className="rounded-lg bg-zinc-100 px-3 py-1.5 dark:bg-zinc-800"
        />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={announcement} onChange={(e) => setAnnouncement(e.target.checked)} />
        Announcements: only admins post
      </label>
      <button
        type="submit"
        disabled={!name.trim()}
        className="self-start rounded-lg bg-brand px-4 py-1.5 font-medium text-white disabled:opacity-50"
      >
        Create channel
      </button>
    </form>
  );
}
