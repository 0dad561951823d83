import type { Attachment } from "@teamchat/protocol";
import type { FileRow } from "../../db/schema.js";

export function presentAttachment(file: FileRow): Attachment {
  return {
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    kind: file.kind,
    size: file.size,
    width: file.width,
    height: file.height,
    placeholder: file.placeholder,
    hasThumbnail: file.thumbnailKey !== null,
    durationMs: file.durationMs,
    waveform: file.waveform,
  };
}

/** Per message id, its attachments in display order. */
export type AttachmentsByMessage = ReadonlyMap<string, Attachment[]>;
export const NO_ATTACHMENTS: AttachmentsByMessage = new Map();
