import { describe, expect, it } from "vitest";
import {
  type Draft,
  draftAdded,
  draftFailed,
  draftProgress,
  draftRemoved,
  draftUploaded,
  filesSlice,
} from "./filesSlice.js";

const reduce = filesSlice.reducer;
const draft = (localId: string): Draft => ({
  localId,
  name: `${localId}.png`,
  size: 10,
  mimeType: "image/png",
  previewUrl: null,
  progress: 0,
  status: "uploading",
  error: null,
  uploaded: null,
});
const file = {
  id: "f1",
  name: "a.png",
  mimeType: "image/png",
  kind: "image" as const,
  size: 10,
  width: 4,
  height: 3,
  placeholder: null,
  hasThumbnail: true,
  durationMs: null,
  waveform: null,
};

describe("files slice: composer drafts", () => {
  it("tracks each upload's progress, then its result, per chat", () => {
    let state = reduce(undefined, draftAdded({ chatId: "c", draft: draft("a") }));
    state = reduce(state, draftAdded({ chatId: "c", draft: draft("b") }));
    state = reduce(state, draftProgress({ chatId: "c", localId: "a", progress: 0.4 }));
    state = reduce(state, draftUploaded({ chatId: "c", localId: "a", file }));
    state = reduce(state, draftFailed({ chatId: "c", localId: "b", error: "This kind of file cannot be shared" }));
    expect(state.drafts.c?.map((d) => [d.status, d.progress])).toEqual([
      ["done", 1],
      ["failed", 0],
    ]);
    expect(state.drafts.c?.[0]?.uploaded).toEqual(file);
  });

  it("late progress after the upload finished or was removed changes nothing", () => {
    let state = reduce(undefined, draftAdded({ chatId: "c", draft: draft("a") }));
    state = reduce(state, draftUploaded({ chatId: "c", localId: "a", file }));
    state = reduce(state, draftProgress({ chatId: "c", localId: "a", progress: 0.5 }));
    expect(state.drafts.c?.[0]?.progress).toBe(1);
    state = reduce(state, draftRemoved({ chatId: "c", localId: "a" }));
    state = reduce(state, draftProgress({ chatId: "c", localId: "a", progress: 0.7 }));
    expect(state.drafts.c).toEqual([]);
  });
});
