import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Attachment } from "@teamchat/protocol";
import type { FileKindGroup } from "../../config.js";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { presentAttachment } from "./attachment.presenter.js";
import { detectType } from "./detect-type.js";
import { safeFileName } from "./file-name.js";
import { insertFile } from "./files.repo.js";
import type { FilesService } from "./files-service.js";
import { processImage } from "./thumbnailer.js";

export type IncomingFile = { filename: string; mimetype: string; file: Readable & { truncated?: boolean } };

/**
 * The upload's bytes to a temporary file. A request that ends before its closing boundary, or
 * whose multipart framing is broken, is the client's fault: a typed, non-retryable 400
 * (`VALIDATION_FAILED`), never a 500 that invites a retry of the same broken request. Errors
 * of our own side (the disk) stay what they are.
 */
async function receive(part: IncomingFile, tmp: string, maxBytes: number): Promise<void> {
  try {
    await pipeline(part.file, byteLimit(maxBytes), createWriteStream(tmp, { flags: "wx" }));
  } catch (err) {
    // The file system's errors name their system call; the multipart parser's do not.
    const ours = err instanceof AppError || (err instanceof Error && "syscall" in err);
    if (!ours) throw new AppError("VALIDATION_FAILED", "The upload is truncated or malformed");
    throw err;
  }
}

/**
 * Streams one upload to a temporary file (never whole in memory), refusing it as soon as it
 * passes the size limit; checks its bytes; re-encodes images and makes their thumbnail; moves
 * the result to storage and records it. Whatever fails, nothing stays behind: the temporary
 * files are removed, and stored bytes are removed when the row could not be written.
 */
export async function uploadFile(
  ctx: AppContext,
  files: FilesService,
  uploaderId: string,
  part: IncomingFile,
  /**
   * `square`: an image is cropped to a centred square (a profile photo). `kinds`: narrower than
   * the configured kinds (a link preview's picture: images only). `voice`: a voice note's
   * length and waveform (already checked for shape and bounds by the route's schema); the bytes
   * must then be audio.
   */
  options: {
    square?: boolean;
    kinds?: readonly FileKindGroup[];
    voice?: { durationMs: number; waveform: number[] };
  } = {},
): Promise<Attachment> {
  const name = safeFileName(part.filename);
  const id = randomUUID();
  const tmp = path.join(files.tmpDir, id);
  const stored: string[] = [];
  try {
    await receive(part, tmp, files.settings.maxBytes);
    if (part.file.truncated) throw new AppError("FILE_TOO_LARGE");
    const type = await detectType(tmp, { name, mimeType: part.mimetype }, options.kinds ?? files.settings.allowedKinds);
    // A voice note's metadata on anything but audio bytes is a false claim, refused like a wrong type.
    if (options.voice && type.kind !== "audio") throw new AppError("FILE_TYPE_MISMATCH");

    let servedPath = tmp;
    let image: Awaited<ReturnType<typeof processImage>> | null = null;
    if (type.kind === "image") {
      image = await processImage(tmp, type.detectedExt, tmp, options).catch(() => {
        // Bytes that look like an image but do not decode (truncated, corrupt, a pixel bomb).
        throw new AppError("FILE_TYPE_MISMATCH");
      });
      servedPath = image.cleanPath;
    }
    const size = (await fs.stat(servedPath)).size;
    const storageKey = `${id}/original`;
    await files.storage.put(storageKey, createReadStream(servedPath), size, type.mimeType);
    stored.push(storageKey);
    let thumbnailKey: string | null = null;
    if (image) {
      thumbnailKey = `${id}/thumbnail.webp`;
      const thumbSize = (await fs.stat(image.thumbnailPath)).size;
      await files.storage.put(thumbnailKey, createReadStream(image.thumbnailPath), thumbSize, "image/webp");
      stored.push(thumbnailKey);
    }
    const row = await insertFile(ctx.db, {
      id,
      uploaderId,
      storageKey,
      thumbnailKey,
      name,
      mimeType: type.mimeType,
      kind: type.kind,
      size,
      width: image?.width ?? null,
      height: image?.height ?? null,
      placeholder: image?.placeholder ?? null,
      durationMs: options.voice?.durationMs ?? null,
      waveform: options.voice?.waveform ?? null,
    });
    return presentAttachment(row);
  } catch (err) {
    await files.removeStored(stored);
    throw err;
  } finally {
    await Promise.all([tmp, `${tmp}.clean`, `${tmp}.thumb.webp`].map((f) => fs.rm(f, { force: true })));
  }
}

/** Fails the stream the moment more than `max` bytes went through. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(new AppError("FILE_TOO_LARGE"));
      else callback(null, chunk);
    },
  });
}
