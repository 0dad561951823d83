import type { Attachment, ChatSummary } from "@teamchat/protocol";
import { Download, FileText, Music } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useAppDispatch } from "../../app/hooks.js";
import { VoiceNote } from "../voice/VoiceNote.js";
import { isVoiceNote } from "../voice/waveform.js";
import { lightboxOpened } from "./filesSlice.js";
import { downloadFile } from "./thunks.js";
import { displaySize, formatBytes, useFileUrl } from "./useFileUrl.js";

/** What a voice note in this message needs to know about the message. */
export type VoiceContext = {
  messageId: string | null;
  mine: boolean;
  playedBy: string[];
  chat: ChatSummary | undefined;
};

/** Images at their final size from the first render (placeholder first), then voice notes and file cards. */
export function MessageAttachments({
  chatId,
  attachments,
  voice,
}: {
  chatId: string;
  attachments: Attachment[];
  voice?: VoiceContext;
}) {
  const images = attachments.filter((a) => a.kind === "image");
  const others = attachments.filter((a) => a.kind !== "image");
  return (
    <div className="mb-1 flex flex-col gap-1" data-testid="attachments">
      {images.length > 0 && (
        <div className="flex flex-wrap gap-1">
          {images.map((a) => (
            <AttachmentImage key={a.id} chatId={chatId} file={a} />
          ))}
        </div>
      )}
      {others.map((a) =>
        voice && isVoiceNote(a) ? (
          <VoiceNote
            key={a.id}
            chatId={chatId}
            file={a}
            durationMs={a.durationMs ?? 0}
            waveform={a.waveform ?? []}
            {...voice}
          />
        ) : a.kind === "audio" ? (
          <AudioCard key={a.id} file={a} />
        ) : (
          <FileCard key={a.id} file={a} />
        ),
      )}
    </div>
  );
}

/**
 * The box has the image's final size before any byte arrives, filled with the blurred
 * placeholder, so loading the thumbnail changes no layout (and the list does not jump).
 */
function AttachmentImage({ chatId, file }: { chatId: string; file: Attachment }) {
  const dispatch = useAppDispatch();
  const size = displaySize(file.width, file.height, 280);
  const url = useFileUrl(file.id, file.hasThumbnail ? "thumbnail" : "original");
  const [loaded, setLoaded] = useState(false);
  return (
    <button
      type="button"
      aria-label={`Open image ${file.name}`}
      onClick={() => dispatch(lightboxOpened({ chatId, fileId: file.id }))}
      className="relative block overflow-hidden rounded-md bg-zinc-200 dark:bg-zinc-700"
      style={{ width: size.width, height: size.height }}
      data-testid="attachment-image"
      data-loaded={loaded || undefined}
    >
      {file.placeholder && (
        <img
          src={file.placeholder}
          alt=""
          aria-hidden="true"
          className="absolute inset-0 h-full w-full scale-110 object-cover blur-md"
        />
      )}
      {url && (
        <img
          src={url}
          alt={file.name}
          onLoad={() => setLoaded(true)}
          className={`absolute inset-0 h-full w-full object-cover transition-opacity duration-200 ${loaded ? "opacity-100" : "opacity-0"}`}
        />
      )}
    </button>
  );
}

function FileCard({ file }: { file: Attachment }) {
  const dispatch = useAppDispatch();
  return (
    <div
      className="flex w-64 max-w-full items-center gap-2 rounded-md bg-black/5 p-2 dark:bg-white/10"
      data-testid="file-card"
    >
      <FileText size={28} aria-hidden="true" className="shrink-0 text-zinc-500" />
      <div className="min-w-0 flex-1">
        <div className="truncate text-sm">{file.name}</div>
        <div className="text-xs text-zinc-500">{formatBytes(file.size)}</div>
      </div>
      <button
        type="button"
        aria-label={`Download ${file.name}`}
        onClick={() => dispatch(downloadFile(file)).catch(() => toast.error("Download failed"))}
        className="rounded-full p-2 hover:bg-black/5 dark:hover:bg-white/10"
      >
        <Download size={18} />
      </button>
    </div>
  );
}

/** Audio plays from a blob fetched on demand (the bytes need my token). */
function AudioCard({ file }: { file: Attachment }) {
  const [wanted, setWanted] = useState(false);
  const url = useFileUrl(file.id, "original", wanted);
  return (
    <div
      className="flex w-72 max-w-full flex-col gap-1 rounded-md bg-black/5 p-2 dark:bg-white/10"
      data-testid="audio-card"
    >
      <div className="flex items-center gap-2">
        <Music size={22} aria-hidden="true" className="text-zinc-500" />
        <span className="min-w-0 flex-1 truncate text-sm">{file.name}</span>
        <span className="text-xs text-zinc-500">{formatBytes(file.size)}</span>
      </div>
      {url ? (
        // biome-ignore lint/a11y/useMediaCaption: user recordings come without captions
        <audio controls src={url} className="w-full" />
      ) : (
        <button type="button" className="text-left text-brand-dark text-sm underline" onClick={() => setWanted(true)}>
          Play
        </button>
      )}
    </div>
  );
}
