import { useEffect } from "react";
import { useAppDispatch, useAppSelector } from "../../app/hooks.js";
import { type FileVariant, urlKey } from "./filesSlice.js";
import { loadFileUrl } from "./thunks.js";

/** The object URL of a file's bytes once fetched; fetching starts when `wanted` turns true. */
export function useFileUrl(fileId: string, variant: FileVariant, wanted = true): string | null {
  const dispatch = useAppDispatch();
  const key = urlKey(fileId, variant);
  const url = useAppSelector((s) => s.files.urls[key] ?? null);
  const failed = useAppSelector((s) => s.files.failedUrls[key] === true);
  useEffect(() => {
    if (wanted && !url && !failed) void dispatch(loadFileUrl(fileId, variant));
  }, [wanted, url, failed, fileId, variant, dispatch]);
  return url;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The box an image takes in a bubble, known before it loads (from the stored dimensions). */
export function displaySize(width: number | null, height: number | null, max = 300): { width: number; height: number } {
  const w = width ?? max;
  const h = height ?? max;
  const scale = Math.min(1, max / w, max / h);
  return { width: Math.max(48, Math.round(w * scale)), height: Math.max(48, Math.round(h * scale)) };
}
