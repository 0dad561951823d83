import fastifyMultipart from "@fastify/multipart";
import { restRoutes } from "@teamchat/protocol";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import type { FileRow } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { assertMember } from "../chats/chat-queries.js";
import { parseByteRange } from "./byte-range.js";
import { contentDisposition } from "./file-name.js";
import { chatMediaPage, findReadableFile } from "./files.repo.js";
import type { FilesService } from "./files-service.js";
import { uploadFile } from "./upload-file.js";

/** The multipart envelope around one file: a little header overhead on top of the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export function filesRoutes(ctx: AppContext, files: FilesService): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));
    await app.register(fastifyMultipart, {
      // One file per request; busboy keeps the path the client sent so traversal names are refused, not hidden.
      limits: { files: 1, fields: 0, parts: 1, fileSize: files.settings.maxBytes + 1, headerPairs: 100 },
      preservePath: true,
    });

    app.route({
      ...restRoute(restRoutes.uploadFile),
      handler: async (request, reply) => {
        try {
          const declared = Number(request.headers["content-length"] ?? 0);
          if (declared > files.settings.maxBytes + MULTIPART_OVERHEAD_BYTES) throw new AppError("FILE_TOO_LARGE");
          const part = await request.file().catch((err: unknown) => {
            throw new AppError("VALIDATION_FAILED", `not a multipart upload: ${(err as Error).message}`);
          });
          if (!part) throw new AppError("VALIDATION_FAILED", "no file in the upload");
          const { square, durationMs, waveform } = request.query;
          const voice = durationMs !== undefined && waveform !== undefined ? { durationMs, waveform } : undefined;
          return ok(
            await uploadFile(ctx, files, request.userId, part, { square: square === "1", ...(voice && { voice }) }),
          );
        } catch (err) {
          // A refused upload may still be arriving: close the connection after the answer
          // instead of reading the rest of it.
          reply.header("connection", "close");
          throw err;
        }
      },
    });

    app.route({
      ...restRoute(restRoutes.file),
      handler: async (request, reply) => {
        const file = await readable(ctx, request.params.fileId, request.userId);
        return sendStored(reply, files, file.storageKey, {
          size: file.size,
          mimeType: file.mimeType,
          disposition: contentDisposition(file.kind === "image" ? "inline" : "attachment", file.name),
          range: request.headers.range,
        });
      },
    });

    app.route({
      ...restRoute(restRoutes.fileThumbnail),
      handler: async (request, reply) => {
        const file = await readable(ctx, request.params.fileId, request.userId);
        if (!file.thumbnailKey) throw new AppError("FILE_NOT_FOUND");
        const size = await files.storage.size(file.thumbnailKey);
        if (size === null) throw new AppError("FILE_NOT_FOUND");
        return sendStored(reply, files, file.thumbnailKey, {
          size,
          mimeType: "image/webp",
          disposition: contentDisposition("inline", `${file.name}.webp`),
          range: request.headers.range,
        });
      },
    });

    app.route({
      ...restRoute(restRoutes.chatMedia),
      handler: async (request) => {
        await assertMember(ctx.db, request.params.chatId, request.userId);
        return ok(await chatMediaPage(ctx.db, request.params.chatId, request.query));
      },
    });
  };
}

/** Not found and not allowed look the same, so file ids cannot be probed. */
async function readable(ctx: AppContext, fileId: string, userId: string): Promise<FileRow> {
  const file = await findReadableFile(ctx.db, fileId, userId);
  if (!file) throw new AppError("FILE_NOT_FOUND");
  return file;
}

async function sendStored(
  reply: FastifyReply,
  files: FilesService,
  key: string,
  meta: { size: number; mimeType: string; disposition: string; range: string | undefined },
) {
  const range = parseByteRange(meta.range, meta.size);
  if (range === "unsatisfiable") {
    reply.header("content-range", `bytes */${meta.size}`);
    throw new AppError("RANGE_NOT_SATISFIABLE");
  }
  const stream = await files.storage.read(key, range ?? undefined);
  if (!stream) throw new AppError("FILE_NOT_FOUND");
  reply
    .header("content-type", meta.mimeType)
    .header("content-disposition", meta.disposition)
    .header("x-content-type-options", "nosniff")
    // Even if a browser were talked into rendering a file as a page, it could run nothing.
    .header("content-security-policy", "default-src 'none'; img-src 'self'; media-src 'self'; sandbox")
    .header("cross-origin-resource-policy", "same-origin")
    .header("cache-control", "private, max-age=86400")
    .header("accept-ranges", "bytes");
  if (range) {
    reply
      .status(206)
      .header("content-range", `bytes ${range.start}-${range.end}/${meta.size}`)
      .header("content-length", range.end - range.start + 1);
  } else {
    reply.header("content-length", meta.size);
  }
  return reply.send(stream);
}
