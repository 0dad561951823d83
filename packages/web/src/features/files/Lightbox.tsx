import { type Attachment, type ChatMediaItem, plainText } from "@teamchat/protocol";
import { ChevronLeft, ChevronRight, Download, X } from "lucide-react";
import { useEffect, useMemo, useRef } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import type { UiMessage } from "../messages/messagesSlice.js";
import { selectMessageList } from "../messages/selectors.js";
import { lightboxClosed, lightboxOpened } from "./filesSlice.js";
import { loadChatMedia } from "./thunks.js";
import { useFileUrl } from "./useFileUrl.js";

/**
 * The chat's images oldest first: the shared-media listing (the chat's newest images, loaded
 * when the lightbox opens) joined with every image of the messages loaded in the list, so
 * previous/next reach images that were never scrolled into view.
 */
export function chatImages(loaded: UiMessage[], shared: ChatMediaItem[] = []): Attachment[] {
  const bySeq = new Map<string, { file: Attachment; seq: number; position: number }>();
  for (const [i, item] of shared.entries()) bySeq.set(item.file.id, { file: item.file, seq: item.seq, position: -i });
  const gone = new Set<string>();
  for (const m of loaded) {
    if (m.seq === null) continue;
    if (m.deletedAt) {
      if (m.id) gone.add(m.id);
      continue;
    }
    m.attachments.forEach((a, position) => {
      if (a.kind === "image" && m.seq !== null) bySeq.set(a.id, { file: a, seq: m.seq, position });
    });
  }
  const deletedSeqs = new Set(loaded.filter((m) => m.id && gone.has(m.id)).map((m) => m.seq));
  return [...bySeq.values()]
    .filter((x) => !deletedSeqs.has(x.seq))
    .sort((a, b) => a.seq - b.seq || a.position - b.position)
    .map((x) => x.file);
}

function useChatImages(chatId: string): Attachment[] {
  const messages = useAppSelector((s) => selectMessageList(s, chatId));
  const shared = useAppSelector((s) => s.files.media[chatId]?.images);
  return useMemo(() => chatImages(messages, shared), [messages, shared]);
}

/** The text sent with the image (its message's body, without markers), if that message is loaded. */
function useCaption(chatId: string, fileId: string): string {
  const messages = useAppSelector((s) => selectMessageList(s, chatId));
  return useMemo(() => {
    const message = messages.find((m) => (m.attachments ?? []).some((a) => a.id === fileId));
    return message && !message.deletedAt ? plainText(message.body).trim() : "";
  }, [messages, fileId]);
}

/** Full-size image over the chat; ← / → (or the buttons) move across the chat's images, Esc closes. */
export function Lightbox() {
  const open = useAppSelector((s) => s.files.lightbox);
  if (!open) return null;
  return <LightboxView chatId={open.chatId} fileId={open.fileId} />;
}

function LightboxView({ chatId, fileId }: { chatId: string; fileId: string }) {
  const dispatch = useAppDispatch();
  const dialog = useRef<HTMLDialogElement>(null);
  const images = useChatImages(chatId);
  const index = images.findIndex((a) => a.id === fileId);
  const file = images[index];
  const full = useFileUrl(fileId, "original");
  const thumb = useFileUrl(fileId, "thumbnail", file?.hasThumbnail ?? false);
  const caption = useCaption(chatId, fileId);
  const several = images.length > 1;
  const go = (step: number) => {
    const next = images[index + step];
    if (next) dispatch(lightboxOpened({ chatId, fileId: next.id }));
  };

  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  // The chat's other images, beyond what the list has loaded.
  useEffect(() => {
    dispatch(loadChatMedia(chatId)).catch(() => {});
  }, [dispatch, chatId]);
  // On the document, not the dialog: a button that just became disabled leaves focus nowhere.
  const step = useRef(go);
  step.current = go;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "ArrowRight") step.current(1);
      if (e.key === "ArrowLeft") step.current(-1);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  return (
    <dialog
      ref={dialog}
      onClose={() => dispatch(lightboxClosed())}
      aria-label="Image viewer"
      data-testid="lightbox"
      className="m-0 h-screen max-h-none w-screen max-w-none bg-black/90 p-0 text-white backdrop:bg-black/80"
    >
      <div className="flex h-full flex-col">
        <div className="flex items-center gap-3 px-4 py-2">
          <span className="min-w-0 flex-1 truncate text-sm" data-testid="lightbox-caption">
            {caption}
          </span>
          {several && index >= 0 && (
            <span className="shrink-0 text-sm text-white/70" data-testid="lightbox-position">
              {index + 1} of {images.length}
            </span>
          )}
          {full && (
            <a
              href={full}
              download={file?.name ?? "image"}
              aria-label="Download"
              title="Download"
              data-testid="lightbox-download"
              className="rounded-full p-2 hover:bg-white/10"
            >
              <Download size={22} />
            </a>
          )}
          <button
            type="button"
            aria-label="Close"
            onClick={() => dialog.current?.close()}
            className="rounded-full p-2 hover:bg-white/10"
          >
            <X size={22} />
          </button>
        </div>
        <div className="relative flex min-h-0 flex-1 items-center justify-center">
          {several && (
            <button
              type="button"
              aria-label="Previous image"
              disabled={index <= 0}
              onClick={() => go(-1)}
              className="absolute left-2 rounded-full bg-white/10 p-2 disabled:opacity-30"
            >
              <ChevronLeft size={28} />
            </button>
          )}
          {(full ?? thumb) && (
            <img
              src={full ?? thumb ?? undefined}
              alt={file?.name ?? ""}
              className="max-h-full max-w-[85vw] object-contain"
              data-testid="lightbox-image"
            />
          )}
          {several && (
            <button
              type="button"
              aria-label="Next image"
              disabled={index < 0 || index >= images.length - 1}
              onClick={() => go(1)}
              className="absolute right-2 rounded-full bg-white/10 p-2 disabled:opacity-30"
            >
              <ChevronRight size={28} />
            </button>
          )}
        </div>
      </div>
    </dialog>
  );
}
