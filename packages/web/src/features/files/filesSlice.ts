import { createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { Attachment, ChatMediaItem } from "@teamchat/protocol";

/** A file picked in the composer: uploading right away, attached when the message is sent. */
export type Draft = {
  localId: string;
  name: string;
  size: number;
  mimeType: string;
  /** blob: URL of the picked image for its preview (revoked when the draft goes). */
  previewUrl: string | null;
  /** 0..1 of the bytes sent. */
  progress: number;
  status: "uploading" | "done" | "failed";
  error: string | null;
  uploaded: Attachment | null;
};

export type FileVariant = "original" | "thumbnail";
export const urlKey = (fileId: string, variant: FileVariant) => `${fileId}:${variant}`;

type State = {
  drafts: Record<string, Draft[]>;
  /** Object URLs of fetched files, by urlKey (the bytes need my access token, so no plain src). */
  urls: Record<string, string>;
  failedUrls: Record<string, true>;
  /** The image open in the lightbox. */
  lightbox: { chatId: string; fileId: string } | null;
  /** The shared-media view, per chat: newest first. */
  media: Record<string, { images: ChatMediaItem[]; files: ChatMediaItem[]; loading: boolean }>;
};

const initialState: State = { drafts: {}, urls: {}, failedUrls: {}, lightbox: null, media: {} };

function draftOf(state: State, chatId: string, localId: string): Draft | undefined {
  return state.drafts[chatId]?.find((d) => d.localId === localId);
}

export const filesSlice = createSlice({
  name: "files",
  initialState,
  reducers: {
    draftAdded(state, action: PayloadAction<{ chatId: string; draft: Draft }>) {
      const { chatId, draft } = action.payload;
      state.drafts[chatId] = [...(state.drafts[chatId] ?? []), draft];
    },
    draftProgress(state, action: PayloadAction<{ chatId: string; localId: string; progress: number }>) {
      const draft = draftOf(state, action.payload.chatId, action.payload.localId);
      if (draft && draft.status === "uploading") draft.progress = action.payload.progress;
    },
    draftUploaded(state, action: PayloadAction<{ chatId: string; localId: string; file: Attachment }>) {
      const draft = draftOf(state, action.payload.chatId, action.payload.localId);
      if (!draft) return;
      draft.status = "done";
      draft.progress = 1;
      draft.uploaded = action.payload.file;
    },
    draftFailed(state, action: PayloadAction<{ chatId: string; localId: string; error: string }>) {
      const draft = draftOf(state, action.payload.chatId, action.payload.localId);
      if (!draft) return;
      draft.status = "failed";
      draft.error = action.payload.error;
    },
    draftRemoved(state, action: PayloadAction<{ chatId: string; localId: string }>) {
      const { chatId, localId } = action.payload;
      state.drafts[chatId] = (state.drafts[chatId] ?? []).filter((d) => d.localId !== localId);
    },
    draftsCleared(state, action: PayloadAction<{ chatId: string }>) {
      delete state.drafts[action.payload.chatId];
    },
    urlLoaded(state, action: PayloadAction<{ key: string; url: string }>) {
      state.urls[action.payload.key] = action.payload.url;
    },
    urlFailed(state, action: PayloadAction<{ key: string }>) {
      state.failedUrls[action.payload.key] = true;
    },
    lightboxOpened(state, action: PayloadAction<{ chatId: string; fileId: string }>) {
      state.lightbox = action.payload;
    },
    lightboxClosed(state) {
      state.lightbox = null;
    },
    mediaLoading(state, action: PayloadAction<{ chatId: string }>) {
      const current = state.media[action.payload.chatId];
      state.media[action.payload.chatId] = {
        images: current?.images ?? [],
        files: current?.files ?? [],
        loading: true,
      };
    },
    mediaLoaded(state, action: PayloadAction<{ chatId: string; images: ChatMediaItem[]; files: ChatMediaItem[] }>) {
      const { chatId, images, files } = action.payload;
      state.media[chatId] = { images, files, loading: false };
    },
  },
});

export const {
  draftAdded,
  draftProgress,
  draftUploaded,
  draftFailed,
  draftRemoved,
  draftsCleared,
  urlLoaded,
  urlFailed,
  lightboxOpened,
  lightboxClosed,
  mediaLoading,
  mediaLoaded,
} = filesSlice.actions;
