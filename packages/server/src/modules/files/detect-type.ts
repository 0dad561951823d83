import fs from "node:fs/promises";
import type { AttachmentKind } from "@teamchat/protocol";
import { fileTypeFromFile } from "file-type";
import type { FileKindGroup } from "../../config.js";
import { AppError } from "../../errors.js";
import {
  ACCEPTED_BY_DETECTED_EXT,
  KNOWN_EXTENSIONS,
  REFUSED_EXTENSIONS,
  REFUSED_TYPES,
  TEXT_ALIASES,
  TEXT_TYPES,
} from "./file-kinds.js";
import { extensionOf } from "./file-name.js";

export type DetectedType = { mimeType: string; kind: AttachmentKind; detectedExt: string };

const TEXT_SAMPLE_BYTES = 64 * 1024;
const UNCLAIMED = new Set(["", "application/octet-stream", "binary/octet-stream"]);

/**
 * What a stored upload really is, from its bytes (file-type's magic numbers), checked against
 * what the uploader claimed (declared type and name) and the allowed kinds. Refusals:
 * FILE_TYPE_NOT_ALLOWED (SVG/HTML, programs, unknown binaries, kinds switched off) and
 * FILE_TYPE_MISMATCH (bytes of one type declared or named as another).
 */
export async function detectType(
  filePath: string,
  claim: { name: string; mimeType: string },
  allowed: readonly FileKindGroup[],
): Promise<DetectedType> {
  const nameExt = extensionOf(claim.name);
  const claimed = claim.mimeType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (REFUSED_EXTENSIONS.has(nameExt) || REFUSED_TYPES.includes(claimed)) throw new AppError("FILE_TYPE_NOT_ALLOWED");

  const detected = await fileTypeFromFile(filePath);
  if (!detected) return detectText(filePath, nameExt, claimed, allowed);

  const accepted = ACCEPTED_BY_DETECTED_EXT[detected.ext];
  if (!accepted || !allowed.includes(accepted.group)) throw new AppError("FILE_TYPE_NOT_ALLOWED");
  const claimMatches =
    UNCLAIMED.has(claimed) ||
    claimed === accepted.mimeType ||
    claimed === detected.mime ||
    accepted.aliases.includes(claimed);
  const nameMatches = !KNOWN_EXTENSIONS.has(nameExt) || accepted.extensions.includes(nameExt);
  if (!claimMatches || !nameMatches) throw new AppError("FILE_TYPE_MISMATCH");
  return { mimeType: accepted.mimeType, kind: accepted.kind, detectedExt: detected.ext };
}

async function detectText(
  filePath: string,
  nameExt: string,
  claimed: string,
  allowed: readonly FileKindGroup[],
): Promise<DetectedType> {
  const sample = await readStart(filePath, TEXT_SAMPLE_BYTES);
  if (!isUtf8Text(sample) || looksLikeMarkup(sample)) throw new AppError("FILE_TYPE_NOT_ALLOWED");
  // Text declared or named as a binary type (a "photo.png" that is really text) is a mismatch.
  if (
    (KNOWN_EXTENSIONS.has(nameExt) && !(nameExt in TEXT_TYPES)) ||
    !(UNCLAIMED.has(claimed) || TEXT_ALIASES.includes(claimed))
  ) {
    throw new AppError("FILE_TYPE_MISMATCH");
  }
  if (!allowed.includes("text")) throw new AppError("FILE_TYPE_NOT_ALLOWED");
  const mimeType = TEXT_TYPES[nameExt] ?? (nameExt === "" ? TEXT_TYPES.txt : undefined);
  if (!mimeType) throw new AppError("FILE_TYPE_NOT_ALLOWED");
  return { mimeType, kind: "file", detectedExt: nameExt || "txt" };
}

async function readStart(filePath: string, bytes: number): Promise<Buffer> {
  const handle = await fs.open(filePath, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** UTF-8 without NUL bytes; a sample cut inside a multi-byte character still counts. */
function isUtf8Text(sample: Buffer): boolean {
  if (sample.length === 0 || sample.includes(0)) return false;
  for (let cut = 0; cut < 4 && cut < sample.length; cut++) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {}
  }
  return false;
}

/** SVG or HTML saved as .txt would still run script if a browser ever rendered it. */
function looksLikeMarkup(sample: Buffer): boolean {
  const head = sample.subarray(0, 4096).toString("utf8").toLowerCase();
  return /<svg[\s>]|<!doctype html|<html[\s>]|<script[\s>]|<\?xml/.test(head);
}
