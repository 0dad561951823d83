import { LIMITS } from "@teamchat/protocol";
import { type ChangeEvent, type FormEvent, useRef, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { saveProfile, setProfilePhoto } from "./thunks.js";
import { UserAvatar } from "./UserAvatar.js";

/** Image types the server turns into a photo with a thumbnail. */
const PHOTO_TYPES = "image/jpeg,image/png,image/webp,image/gif";

/** My photo (cropped square by the server), name and "about": everyone who shares a chat with me sees changes live. */
export function ProfilePanel() {
  const dispatch = useAppDispatch();
  const me = useAppSelector((s) => s.session.me);
  const [name, setName] = useState(me?.displayName ?? "");
  const [about, setAbout] = useState(me?.statusMessage ?? "");
  const [busy, setBusy] = useState<"photo" | "text" | null>(null);
  const input = useRef<HTMLInputElement>(null);
  if (!me) return null;

  const photo = (image: File | null) => {
    setBusy("photo");
    dispatch(setProfilePhoto(image))
      .catch((err: unknown) =>
        toast.error(err instanceof Error ? `Photo not changed: ${err.message}` : "Photo not changed"),
      )
      .finally(() => setBusy(null));
  };
  const picked = (e: ChangeEvent<HTMLInputElement>) => {
    const image = e.target.files?.[0];
    e.target.value = "";
    if (image) photo(image);
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const displayName = name.trim();
    if (!displayName) return;
    setBusy("text");
    dispatch(saveProfile({ displayName, statusMessage: about.trim() || null }))
      .then(() => toast.success("Profile saved"))
      .catch((err: unknown) => toast.error(err instanceof Error ? `Not saved: ${err.message}` : "Not saved"))
      .finally(() => setBusy(null));
  };
  const changed = name.trim() !== me.displayName || (about.trim() || null) !== (me.statusMessage ?? null);
  const button = "rounded-lg px-3 py-1 hover:bg-black/5 disabled:opacity-50 dark:hover:bg-white/10";
  return (
    <section aria-label="Profile" className="flex flex-col gap-5 p-5" data-testid="profile-panel">
      <div className="flex flex-col items-center gap-2">
        <UserAvatar user={me} size={160} />
        <div className="flex gap-2 text-sm">
          <input
            ref={input}
            type="file"
            accept={PHOTO_TYPES}
            hidden
            onChange={picked}
            aria-label="Profile photo file"
          />
          <button
            type="button"
            disabled={busy !== null}
            onClick={() => input.current?.click()}
            className={`${button} text-brand-dark dark:text-brand`}
          >
            {busy === "photo" ? "Saving…" : me.avatarFileId ? "Change photo" : "Add photo"}
          </button>
          {me.avatarFileId && (
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => photo(null)}
              className={`${button} text-red-600`}
            >
              Remove photo
            </button>
          )}
        </div>
      </div>
      <form onSubmit={save} className="flex flex-col gap-4">
        <label className="flex flex-col gap-1 text-sm">
          <span className="text-brand-dark dark:text-brand">Your name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={LIMITS.displayNameMax}
            required
            className="border-zinc-300 border-b bg-transparent py-1 text-base outline-none focus:border-brand dark:border-zinc-600"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="text-brand-dark dark:text-brand">About</span>
          <input
            value={about}
            onChange={(e) => setAbout(e.target.value)}
            maxLength={LIMITS.statusMessageMax}
            placeholder="Available"
            className="border-zinc-300 border-b bg-transparent py-1 text-base outline-none focus:border-brand dark:border-zinc-600"
          />
        </label>
        <button
          type="submit"
          disabled={!changed || busy !== null || !name.trim()}
          className="self-end rounded-lg bg-brand px-4 py-1.5 font-medium text-sm text-white disabled:opacity-50"
        >
          {busy === "text" ? "Saving…" : "Save"}
        </button>
      </form>
    </section>
  );
}
