import type { Attachment } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import { attachmentLabel } from "./attachment-label.js";

const file = (over: Partial<Attachment>): Attachment => ({
  id: "f1",
  name: "report.pdf",
  mimeType: "application/pdf",
  kind: "file",
  size: 10,
  width: null,
  height: null,
  placeholder: null,
  hasThumbnail: false,
  durationMs: null,
  waveform: null,
  ...over,
});

describe("attachmentLabel", () => {
  it("names a voice note with its length, photos, and files", () => {
    const voice = file({ kind: "audio", name: "voice.ogg", durationMs: 65_000, waveform: [1, 2, 3] });
    expect(attachmentLabel([voice])).toBe("🎤 Voice message (1:05)");
    expect(attachmentLabel([file({ kind: "audio", name: "song.mp3" })])).toBe("📎 song.mp3");
    expect(attachmentLabel([file({ kind: "image" }), file({ kind: "image" })])).toBe("📷 2 photos");
    expect(attachmentLabel([file({})])).toBe("📎 report.pdf");
    expect(attachmentLabel([])).toBe("");
  });
});
