import { FileText, X } from "lucide-react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import type { Draft } from "./filesSlice.js";
import { removeDraft } from "./thunks.js";
import { formatBytes } from "./useFileUrl.js";

const NO_DRAFTS: Draft[] = [];

/** Files picked for the next message: preview, upload progress, and a button to cancel/remove each. */
export function DraftStrip({ chatId }: { chatId: string }) {
  const dispatch = useAppDispatch();
  const drafts = useAppSelector((s) => s.files.drafts[chatId] ?? NO_DRAFTS);
  if (drafts.length === 0) return null;
  return (
    <ul className="flex gap-2 overflow-x-auto px-3 pt-2" aria-label="Files to send" data-testid="draft-strip">
      {drafts.map((d) => (
        <li
          key={d.localId}
          className="relative flex w-28 shrink-0 flex-col gap-1 rounded-lg bg-white p-1.5 text-xs shadow-sm dark:bg-zinc-700"
          data-testid="draft"
          data-status={d.status}
        >
          {d.previewUrl ? (
            <img src={d.previewUrl} alt={d.name} className="h-20 w-full rounded object-cover" />
          ) : (
            <div className="flex h-20 items-center justify-center rounded bg-black/5 dark:bg-white/10">
              <FileText size={28} aria-hidden="true" />
            </div>
          )}
          <span className="truncate" title={d.name}>
            {d.name}
          </span>
          {d.status === "uploading" && (
            <div
              role="progressbar"
              aria-label={`Uploading ${d.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(d.progress * 100)}
              className="h-1.5 overflow-hidden rounded bg-black/10"
              data-testid="upload-progress"
            >
              <div className="h-full bg-brand" style={{ width: `${Math.round(d.progress * 100)}%` }} />
            </div>
          )}
          {d.status === "done" && <span className="text-zinc-500">{formatBytes(d.size)}</span>}
          {d.status === "failed" && <span className="text-red-600 dark:text-red-300">{d.error}</span>}
          <button
            type="button"
            aria-label={d.status === "uploading" ? `Cancel upload of ${d.name}` : `Remove ${d.name}`}
            onClick={() => dispatch(removeDraft(chatId, d.localId))}
            className="absolute top-0.5 right-0.5 rounded-full bg-black/60 p-0.5 text-white"
          >
            <X size={14} />
          </button>
        </li>
      ))}
    </ul>
  );
}
