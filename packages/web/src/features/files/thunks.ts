import { type Attachment, LIMITS, type ReplyPreview } from "@teamchat/protocol";
import { ChatError } from "@teamchat/sdk";
import type { AppThunk } from "../../app/store.js";
import {
  type Draft,
  draftAdded,
  draftFailed,
  draftProgress,
  draftRemoved,
  draftsCleared,
  draftUploaded,
  type FileVariant,
  mediaLoaded,
  mediaLoading,
  urlFailed,
  urlKey,
  urlLoaded,
} from "./filesSlice.js";

/** Uploads in flight, to cancel them (not serializable, so not in the store). */
const uploads = new Map<string, AbortController>();
const fetching = new Set<string>();
const MEDIA_PAGE = 60;

/** Starts uploading picked, dropped or pasted files at once; the composer shows their progress. */
export const attachFiles =
  (chatId: string, picked: File[]): AppThunk =>
  (dispatch, getState) => {
    const room = LIMITS.attachmentsPerMessage - (getState().files.drafts[chatId]?.length ?? 0);
    for (const file of picked.slice(0, Math.max(0, room))) {
      const localId = crypto.randomUUID();
      const draft: Draft = {
        localId,
        name: file.name || "pasted-image.png",
        size: file.size,
        mimeType: file.type,
        previewUrl: file.type.startsWith("image/") ? URL.createObjectURL(file) : null,
        progress: 0,
        status: "uploading",
        error: null,
        uploaded: null,
      };
      dispatch(draftAdded({ chatId, draft }));
      void dispatch(upload(chatId, localId, file, draft.name));
    }
  };

const upload =
  (chatId: string, localId: string, file: File, name: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    const abort = new AbortController();
    uploads.set(localId, abort);
    try {
      const uploaded = await client.uploadFile(file, name, {
        signal: abort.signal,
        onProgress: (sent, total) => dispatch(draftProgress({ chatId, localId, progress: total ? sent / total : 0 })),
      });
      dispatch(draftUploaded({ chatId, localId, file: uploaded }));
    } catch (err) {
      if (abort.signal.aborted) return;
      dispatch(draftFailed({ chatId, localId, error: err instanceof ChatError ? err.message : "Upload failed" }));
    } finally {
      uploads.delete(localId);
    }
  };

/** Cancels an upload in flight, or takes a finished one off the message (the server sweeps it later). */
export const removeDraft =
  (chatId: string, localId: string): AppThunk =>
  (dispatch, getState) => {
    uploads.get(localId)?.abort();
    const draft = getState().files.drafts[chatId]?.find((d) => d.localId === localId);
    if (draft?.previewUrl) URL.revokeObjectURL(draft.previewUrl);
    dispatch(draftRemoved({ chatId, localId }));
  };

/** Sends the uploaded files with the caption as one message. */
export const sendWithAttachments =
  (
    chatId: string,
    caption: string,
    extra: { mentions?: string[]; replyTo?: ReplyPreview | null } = {},
  ): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const drafts = getState().files.drafts[chatId] ?? [];
    const attachments = drafts.map((d) => d.uploaded).filter((a): a is Attachment => a !== null);
    for (const d of drafts) if (d.previewUrl) URL.revokeObjectURL(d.previewUrl);
    dispatch(draftsCleared({ chatId }));
    client.stopTyping(chatId);
    await client.sendMessage(chatId, caption, {
      attachments,
      ...(extra.mentions && extra.mentions.length > 0 && { mentions: extra.mentions }),
      ...(extra.replyTo && { replyTo: extra.replyTo }),
    });
  };

/** Fetches a file (or its thumbnail) once and keeps an object URL for it. */
export const loadFileUrl =
  (fileId: string, variant: FileVariant): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const key = urlKey(fileId, variant);
    if (getState().files.urls[key] || fetching.has(key)) return;
    fetching.add(key);
    try {
      const blob = await client.fileBlob(fileId, variant);
      dispatch(urlLoaded({ key, url: URL.createObjectURL(blob) }));
    } catch {
      dispatch(urlFailed({ key }));
    } finally {
      fetching.delete(key);
    }
  };

/** Saves a file under its name (fetched with my token, then handed to the browser's download). */
export const downloadFile =
  (file: Attachment): AppThunk<Promise<void>> =>
  async (dispatch, getState) => {
    await dispatch(loadFileUrl(file.id, "original"));
    const url = getState().files.urls[urlKey(file.id, "original")];
    if (!url) throw new Error("Download failed");
    const link = document.createElement("a");
    link.href = url;
    link.download = file.name;
    link.click();
  };

export const loadChatMedia =
  (chatId: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    dispatch(mediaLoading({ chatId }));
    const [images, files] = await Promise.all([
      client.chatMedia(chatId, { kind: "image", limit: MEDIA_PAGE }),
      client.chatMedia(chatId, { kind: "file", limit: MEDIA_PAGE }),
    ]);
    dispatch(mediaLoaded({ chatId, images: images.items, files: files.items }));
  };
