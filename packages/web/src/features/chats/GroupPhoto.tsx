import type { ChatSummary } from "@teamchat/protocol";
import { type ChangeEvent, useRef, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch } from "../../app/hooks.js";
import { ChatAvatar } from "./ChatAvatar.js";
import { setGroupPhoto } from "./groupThunks.js";

/** Image types the server turns into a photo with a thumbnail (the same list it accepts for images). */
const PHOTO_TYPES = "image/jpeg,image/png,image/webp,image/gif";

/** The group photo, large; admins change or remove it (every member sees it, with a system message). */
export function GroupPhoto({ chat, editable }: { chat: ChatSummary; editable: boolean }) {
  const dispatch = useAppDispatch();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const title = chat.name ?? "Group";
  const apply = (image: File | null) => {
    setBusy(true);
    dispatch(setGroupPhoto(chat.id, image))
      .catch((err: unknown) =>
        toast.error(err instanceof Error ? `Photo not changed: ${err.message}` : "Photo not changed"),
      )
      .finally(() => setBusy(false));
  };
  const picked = (e: ChangeEvent<HTMLInputElement>) => {
    const image = e.target.files?.[0];
    e.target.value = "";
    if (image) apply(image);
  };
  return (
    <div className="flex flex-col items-center gap-2" data-testid="group-photo">
      <ChatAvatar chat={chat} title={title} size={96} />
      {editable && (
        <div className="flex gap-2 text-sm">
          <input ref={input} type="file" accept={PHOTO_TYPES} hidden onChange={picked} aria-label="Group photo file" />
          <button
            type="button"
            disabled={busy}
            onClick={() => input.current?.click()}
            className="rounded-lg px-3 py-1 text-brand-dark hover:bg-black/5 disabled:opacity-50 dark:text-brand dark:hover:bg-white/10"
          >
            {busy ? "Saving…" : chat.avatarFileId ? "Change photo" : "Add photo"}
          </button>
          {chat.avatarFileId && (
            <button
              type="button"
              disabled={busy}
              onClick={() => apply(null)}
              className="rounded-lg px-3 py-1 text-red-600 hover:bg-black/5 disabled:opacity-50 dark:hover:bg-white/10"
            >
              Remove photo
            </button>
          )}
        </div>
      )}
    </div>
  );
}
