import type { AttachmentKind } from "@teamchat/protocol";
import type { FileKindGroup } from "../../config.js";

/** One accepted type, keyed by the extension file-type reports for its magic bytes. */
export type AcceptedType = {
  group: FileKindGroup;
  kind: AttachmentKind;
  /** What the file is served as. */
  mimeType: string;
  /** Other declared types browsers and OSes use for the same thing. */
  aliases: readonly string[];
  /** File-name extensions that may carry it. */
  extensions: readonly string[];
};

const officeZip = (mimeType: string, extensions: string[]): AcceptedType => ({
  group: "office",
  kind: "file",
  mimeType,
  aliases: ["application/zip", "application/x-zip-compressed"],
  extensions,
});
const audio = (mimeType: string, aliases: string[], extensions: string[]): AcceptedType => ({
  group: "audio",
  kind: "audio",
  mimeType,
  aliases,
  extensions,
});

/** By file-type's detected `ext`. Anything detected but not here (executables, archives, XML/SVG…) is refused. */
export const ACCEPTED_BY_DETECTED_EXT: Readonly<Record<string, AcceptedType>> = {
  jpg: {
    group: "image",
    kind: "image",
    mimeType: "image/jpeg",
    aliases: ["image/jpg", "image/pjpeg"],
    extensions: ["jpg", "jpeg", "jfif"],
  },
  png: { group: "image", kind: "image", mimeType: "image/png", aliases: [], extensions: ["png"] },
  gif: { group: "image", kind: "image", mimeType: "image/gif", aliases: [], extensions: ["gif"] },
  webp: { group: "image", kind: "image", mimeType: "image/webp", aliases: [], extensions: ["webp"] },
  pdf: { group: "pdf", kind: "file", mimeType: "application/pdf", aliases: ["application/x-pdf"], extensions: ["pdf"] },
  docx: officeZip("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ["docx"]),
  xlsx: officeZip("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ["xlsx"]),
  pptx: officeZip("application/vnd.openxmlformats-officedocument.presentationml.presentation", ["pptx"]),
  odt: officeZip("application/vnd.oasis.opendocument.text", ["odt"]),
  ods: officeZip("application/vnd.oasis.opendocument.spreadsheet", ["ods"]),
  odp: officeZip("application/vnd.oasis.opendocument.presentation", ["odp"]),
  // Legacy .doc/.xls/.ppt are OLE compound files; the name tells which.
  cfb: {
    group: "office",
    kind: "file",
    mimeType: "application/octet-stream",
    aliases: ["application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/x-cfb"],
    extensions: ["doc", "xls", "ppt"],
  },
  rtf: { group: "office", kind: "file", mimeType: "application/rtf", aliases: ["text/rtf"], extensions: ["rtf"] },
  mp3: audio("audio/mpeg", ["audio/mp3", "audio/x-mpeg"], ["mp3"]),
  m4a: audio("audio/mp4", ["audio/x-m4a", "audio/m4a", "audio/aac"], ["m4a", "mp4", "aac"]),
  aac: audio("audio/aac", ["audio/x-aac"], ["aac"]),
  ogg: audio("audio/ogg", ["application/ogg", "audio/opus"], ["ogg", "oga", "opus"]),
  opus: audio("audio/ogg", ["audio/opus", "application/ogg"], ["opus", "ogg", "oga"]),
  wav: audio("audio/wav", ["audio/x-wav", "audio/wave", "audio/vnd.wave"], ["wav"]),
  flac: audio("audio/flac", ["audio/x-flac"], ["flac"]),
  // Browser voice recordings (MediaRecorder) are WebM; file-type calls every WebM video/webm.
  webm: audio("audio/webm", ["video/webm"], ["webm", "weba"]),
  amr: audio("audio/amr", [], ["amr"]),
};

/** Plain text has no magic bytes: it is accepted only as UTF-8 text under these names. */
export const TEXT_TYPES: Readonly<Record<string, string>> = {
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  log: "text/plain; charset=utf-8",
};
export const TEXT_ALIASES = ["text/plain", "text/markdown", "text/x-markdown", "text/csv"];

/**
 * Names that are refused whatever the bytes say: SVG and HTML run script when opened, the rest
 * are programs or scripts a download might run.
 */
export const REFUSED_EXTENSIONS = new Set([
  "svg",
  "svgz",
  "html",
  "htm",
  "xhtml",
  "xml",
  "js",
  "mjs",
  "exe",
  "dll",
  "com",
  "scr",
  "msi",
  "bat",
  "cmd",
  "ps1",
  "vbs",
  "sh",
  "jar",
  "apk",
  "app",
  "elf",
  "bin",
  "php",
  "py",
  "pl",
  "hta",
  "lnk",
  "reg",
]);
export const REFUSED_TYPES = [
  "image/svg+xml",
  "text/html",
  "application/xhtml+xml",
  "application/javascript",
  "text/javascript",
];

/** Every extension that names a type we know: a name with one of these must match the bytes. */
export const KNOWN_EXTENSIONS = new Set([
  ...Object.values(ACCEPTED_BY_DETECTED_EXT).flatMap((t) => t.extensions),
  ...Object.keys(TEXT_TYPES),
]);
