import { firstLink, type LinkPreview } from "@teamchat/protocol";
import { X } from "lucide-react";
import { useEffect, useState } from "react";
import { useAppDispatch } from "../../app/hooks.js";
import { IconButton } from "../../components/IconButton.js";
import { useFileUrl } from "../files/useFileUrl.js";
import { fetchLinkPreview } from "./thunks.js";

/**
 * A link's preview: the picture is our stored copy (GET files/:id/thumbnail with my token, as an
 * object URL), never the site's address; the link opens in a new tab without a referrer.
 */
export function LinkPreviewCard({ preview, onRemove }: { preview: LinkPreview; onRemove?: () => void }) {
  const image = preview.image;
  const url = useFileUrl(image?.fileId ?? "", "thumbnail", image !== null);
  const host = hostOf(preview.url);
  return (
    <div
      className="mb-1 flex max-w-sm items-stretch gap-2 overflow-hidden rounded-md border-brand border-l-4 bg-black/5 dark:bg-white/5"
      data-testid="link-preview"
    >
      {image && (
        <div className="relative h-20 w-20 shrink-0 bg-zinc-200 dark:bg-zinc-700">
          {image.placeholder && (
            <img
              src={image.placeholder}
              alt=""
              aria-hidden="true"
              className="absolute inset-0 h-full w-full object-cover"
            />
          )}
          {url && (
            <img
              src={url}
              alt=""
              className="absolute inset-0 h-full w-full object-cover"
              data-testid="link-preview-image"
            />
          )}
        </div>
      )}
      <a
        href={preview.url}
        target="_blank"
        rel="noopener noreferrer nofollow"
        referrerPolicy="no-referrer"
        className="min-w-0 flex-1 py-1.5 pr-2 text-sm"
      >
        <span className="block truncate text-xs text-zinc-500">{preview.siteName ?? host}</span>
        {preview.title && (
          <span className="block truncate font-medium" data-testid="link-preview-title">
            {preview.title}
          </span>
        )}
        {preview.description && (
          <span className="line-clamp-2 text-xs text-zinc-600 dark:text-zinc-300">{preview.description}</span>
        )}
      </a>
      {onRemove && (
        <IconButton label="Remove link preview" onClick={onRemove}>
          <X size={16} />
        </IconButton>
      )}
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** How long the draft's text must stay still before its link's preview is asked for. */
const SETTLE_MS = 400;

/**
 * The composer's preview of the draft's first link: asked once the text settles, dropped when the
 * link changes; `remove` hides it and the message is then sent without one (`removed`).
 */
export function useDraftLinkPreview(text: string) {
  const dispatch = useAppDispatch();
  const link = firstLink(text);
  const [shown, setShown] = useState<{ link: string; preview: LinkPreview | null } | null>(null);
  const [removedLink, setRemovedLink] = useState<string | null>(null);
  useEffect(() => {
    if (!link) return;
    let current = true;
    const timer = setTimeout(() => {
      void dispatch(fetchLinkPreview(link)).then((preview) => {
        if (current) setShown({ link, preview });
      });
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [link, dispatch]);
  const removed = link !== null && removedLink === link;
  const preview = !removed && shown?.link === link ? shown.preview : null;
  return {
    preview,
    removed,
    remove: () => setRemovedLink(link),
    /** After a send: the next draft starts fresh. */
    reset: () => {
      setShown(null);
      setRemovedLink(null);
    },
  };
}
