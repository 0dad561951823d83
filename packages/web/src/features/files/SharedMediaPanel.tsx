import type { ChatMediaItem } from "@teamchat/protocol";
import { Download, FileText } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { Modal, ModalTitle } from "../../components/Modal.js";
import { lightboxOpened } from "./filesSlice.js";
import { downloadFile, loadChatMedia } from "./thunks.js";
import { formatBytes, useFileUrl } from "./useFileUrl.js";

/** Every image and file shared in the chat; thumbnails load only as they scroll into view. */
export function SharedMediaPanel({ chatId, onClose }: { chatId: string; onClose: () => void }) {
  const dispatch = useAppDispatch();
  const media = useAppSelector((s) => s.files.media[chatId]);
  const [tab, setTab] = useState<"images" | "files">("images");
  useEffect(() => {
    dispatch(loadChatMedia(chatId)).catch(() => toast.error("Could not load shared media"));
  }, [chatId, dispatch]);

  return (
    <Modal onClose={onClose} testId="shared-media" className="w-[min(34rem,94vw)]">
      <div className="flex max-h-[85dvh] flex-col gap-3 p-5">
        <div className="flex items-center justify-between">
          <ModalTitle className="font-semibold text-lg">Shared media</ModalTitle>
          <button type="button" className="text-sm underline" onClick={onClose}>
            Close
          </button>
        </div>
        <div role="tablist" className="flex gap-2 text-sm">
          {(["images", "files"] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              onClick={() => setTab(t)}
              className={`rounded-full px-3 py-1 ${tab === t ? "bg-brand text-white" : "bg-black/5 dark:bg-white/10"}`}
            >
              {t === "images" ? "Images" : "Files"}
            </button>
          ))}
        </div>
        <div className="min-h-40 overflow-y-auto">
          {!media || (media.loading && media.images.length + media.files.length === 0) ? (
            <p className="text-sm text-zinc-500">Loading…</p>
          ) : tab === "images" ? (
            <ImageGrid chatId={chatId} items={media.images} onOpen={onClose} />
          ) : (
            <FileList items={media.files} />
          )}
        </div>
      </div>
    </Modal>
  );
}

function ImageGrid({ chatId, items, onOpen }: { chatId: string; items: ChatMediaItem[]; onOpen: () => void }) {
  const dispatch = useAppDispatch();
  if (items.length === 0) return <p className="text-sm text-zinc-500">No images shared yet.</p>;
  return (
    <ul className="grid grid-cols-3 gap-1" data-testid="media-images">
      {items.map((item) => (
        <li key={`${item.messageId}:${item.file.id}`}>
          <button
            type="button"
            aria-label={`Open image ${item.file.name}`}
            className="block aspect-square w-full"
            onClick={() => {
              onOpen();
              dispatch(lightboxOpened({ chatId, fileId: item.file.id }));
            }}
          >
            <LazyThumbnail item={item} />
          </button>
        </li>
      ))}
    </ul>
  );
}

function LazyThumbnail({ item }: { item: ChatMediaItem }) {
  const box = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setVisible(true);
        observer.disconnect();
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const url = useFileUrl(item.file.id, item.file.hasThumbnail ? "thumbnail" : "original", visible);
  return (
    <div
      ref={box}
      className="h-full w-full bg-center bg-cover"
      style={{ backgroundImage: `url("${url ?? item.file.placeholder ?? ""}")` }}
      data-testid="media-thumbnail"
      data-loaded={url ? true : undefined}
    />
  );
}

function FileList({ items }: { items: ChatMediaItem[] }) {
  const dispatch = useAppDispatch();
  if (items.length === 0) return <p className="text-sm text-zinc-500">No files shared yet.</p>;
  return (
    <ul className="flex flex-col gap-1" data-testid="media-files">
      {items.map((item) => (
        <li
          key={`${item.messageId}:${item.file.id}`}
          className="flex items-center gap-2 rounded-md p-2 hover:bg-black/5"
        >
          <FileText size={22} aria-hidden="true" className="text-zinc-500" />
          <span className="min-w-0 flex-1 truncate text-sm">{item.file.name}</span>
          <span className="text-xs text-zinc-500">{formatBytes(item.file.size)}</span>
          <button
            type="button"
            aria-label={`Download ${item.file.name}`}
            onClick={() => dispatch(downloadFile(item.file)).catch(() => toast.error("Download failed"))}
            className="rounded-full p-1.5 hover:bg-black/5"
          >
            <Download size={16} />
          </button>
        </li>
      ))}
    </ul>
  );
}
