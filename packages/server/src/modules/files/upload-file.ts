import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Attachment } from "@teamchat/protocol";
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
): Promise<Attachment> {
  const name = safeFileName(part.filename);
  const id = randomUUID();
  const tmp = path.join(files.tmpDir, id);
  const stored: string[] = [];
  try {
    await pipeline(part.file, byteLimit(files.settings.maxBytes), createWriteStream(tmp, { flags: "wx" }));
    if (part.file.truncated) throw new AppError("FILE_TOO_LARGE");
    const type = await detectType(tmp, { name, mimeType: part.mimetype }, files.settings.allowedKinds);

    let servedPath = tmp;
    let image: Awaited<ReturnType<typeof processImage>> | null = null;
    if (type.kind === "image") {
      image = await processImage(tmp, type.detectedExt, tmp).catch(() => {
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
