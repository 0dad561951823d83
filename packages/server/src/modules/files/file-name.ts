import { LIMITS } from "@teamchat/protocol";
import { AppError } from "../../errors.js";

/**
 * The uploader's file name, kept only as a label: anything that could be a path (separators,
 * dot segments) or hide characters (controls, bidi overrides) is refused, not rewritten, so what
 * people see is exactly what was sent.
 */
export function safeFileName(raw: string | undefined): string {
  const name = (raw ?? "").normalize("NFC").trim();
  const invalid =
    name.length === 0 ||
    name.length > LIMITS.fileNameMax ||
    name === "." ||
    name === ".." ||
    /[/\\]/.test(name) ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
    /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(name);
  if (invalid) throw new AppError("FILE_NAME_INVALID");
  return name;
}

/** Lower-case extension without the dot ("" when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/**
 * `Content-Disposition` with an ASCII fallback and the exact name in RFC 5987 form, so no
 * quote, semicolon or newline from a name can reach the header.
 */
export function contentDisposition(type: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._ -]/g, "_") || "file";
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
