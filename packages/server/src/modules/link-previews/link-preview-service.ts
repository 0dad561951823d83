import { Readable } from "node:stream";
import type { LinkPreview, Message } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import type { FilesService } from "../files/files-service.js";
import { uploadFile } from "../files/upload-file.js";
import { changeMessage } from "../messages/change-message.js";
import { cacheKey, firstLink } from "./extract-link.js";
import { deleteExpiredPreviews, findCached, setMessagePreview, storeCached } from "./link-previews.repo.js";
import { parsePageMeta } from "./og-parser.js";
import { checkUrl, FetchRefused, type Resolver, safeFetch, systemResolver } from "./safe-fetch.js";

/** A link that gave no preview is tried again after this long at most (the site may be back). */
const FAILED_TTL_MS = 60 * 60 * 1000;

/**
 * Link previews: one fetch per URL (concurrent asks share it; the result, or the refusal, is
 * cached in the database for the TTL so other nodes and later messages reuse it), the picture
 * stored through the files pipeline, and the preview attached to a sent message as a change.
 */
export class LinkPreviewService {
  private readonly fetching = new Map<string, Promise<LinkPreview | null>>();
  private readonly resolve: Resolver;

  constructor(
    private readonly ctx: AppContext,
    private readonly files: FilesService,
  ) {
    const testDns = ctx.config.linkPreviews.testDns;
    this.resolve =
      testDns.size === 0
        ? systemResolver
        : async (host) => {
            const fixed = testDns.get(host);
            return fixed ? [{ address: fixed, family: 4 }] : systemResolver(host);
          };
  }

  private get config() {
    return this.ctx.config.linkPreviews;
  }

  /** The link's preview, or null (off, refused by the rules, failed, nothing to show). */
  async preview(raw: string, userId: string): Promise<LinkPreview | null> {
    if (!this.config.enabled) return null;
    let url: URL;
    try {
      url = new URL(raw);
      // The cheap rules first: a denied host costs no database read.
      checkUrl(url, this.config);
    } catch {
      return null;
    }
    const key = cacheKey(url);
    const cached = await findCached(this.ctx.db, key, new Date());
    if (cached) return cached.row.ok ? present(key, cached.row, cached.image) : null;
    let running = this.fetching.get(key);
    if (!running) {
      running = this.fetchAndCache(key, userId).finally(() => this.fetching.delete(key));
      this.fetching.set(key, running);
    }
    return running;
  }

  /**
   * After a send: the body's first link's preview, attached as a message change (not awaited).
   * A caption of files gets none (as in WhatsApp: the files are the message; the composer hides
   * the card while files are attached), nor a message that will never be delivered.
   */
  afterSend(message: Message, senderId: string, wanted: boolean | undefined): void {
    if (!this.config.enabled || wanted === false || message.kind !== "text" || message.undelivered) return;
    if (message.attachments.length > 0) return;
    const link = firstLink(message.body);
    if (!link) return;
    const work = this.attach(message, senderId, link).catch((err: unknown) => {
      this.ctx.log.debug({ err, messageId: message.id }, "link preview not attached");
    });
    this.ctx.inflight.track(work);
  }

  /** After an edit that changed the body's first link (the old preview went with the edit). */
  afterEdit(message: Message, editorId: string): void {
    if (message.deletedAt) return;
    this.afterSend(message, editorId, undefined);
  }

  async sweep(now: Date): Promise<void> {
    await deleteExpiredPreviews(this.ctx.db, now);
  }

  private async attach(message: Message, senderId: string, link: string): Promise<void> {
    const preview = await this.preview(link, senderId);
    if (!preview) return;
    await changeMessage(
      this.ctx,
      senderId,
      { chatId: message.chatId, messageId: message.id },
      async (tx, row, slot) => {
        // Deleted, or edited to another link meanwhile, or already done (a duplicate send): no change.
        if (row.deletedAt || row.linkPreview || firstLink(row.body) !== link) return null;
        return setMessagePreview(tx, row.id, slot, preview);
      },
    );
  }

  private async fetchAndCache(key: string, userId: string): Promise<LinkPreview | null> {
    const now = Date.now();
    let preview: LinkPreview | null = null;
    try {
      const page = await safeFetch(key, "html", this.config, this.resolve);
      const meta = parsePageMeta(decode(page.body, page.contentType), page.url);
      if (meta.title || meta.description) {
        const image = meta.image ? await this.storeImage(meta.image, userId) : null;
        preview = { url: key, title: meta.title, description: meta.description, siteName: meta.siteName, image };
      }
    } catch (err) {
      if (!(err instanceof FetchRefused)) throw err;
      this.ctx.log.debug({ reason: err.message }, "link preview refused");
    }
    await storeCached(this.ctx.db, {
      url: key,
      ok: preview !== null,
      title: preview?.title ?? null,
      description: preview?.description ?? null,
      siteName: preview?.siteName ?? null,
      imageFileId: preview?.image?.fileId ?? null,
      expiresAt: new Date(now + (preview ? this.config.cacheTtlMs : Math.min(this.config.cacheTtlMs, FAILED_TTL_MS))),
    });
    return preview;
  }

  /**
   * The page's picture through the same fetcher, then the upload path: magic bytes (images only),
   * sharp re-encode without metadata, thumbnail, storage. Any failure: a preview without a picture.
   */
  private async storeImage(url: URL, userId: string): Promise<LinkPreview["image"]> {
    try {
      const fetched = await safeFetch(url.href, "image", this.config, this.resolve);
      const stored = await uploadFile(
        this.ctx,
        this.files,
        userId,
        { filename: "link-preview", mimetype: "application/octet-stream", file: Readable.from([fetched.body]) },
        { kinds: ["image"] },
      );
      return { fileId: stored.id, width: stored.width, height: stored.height, placeholder: stored.placeholder };
    } catch (err) {
      this.ctx.log.debug({ err }, "link preview image refused");
      return null;
    }
  }
}

function present(
  url: string,
  row: { title: string | null; description: string | null; siteName: string | null },
  image: LinkPreview["image"],
): LinkPreview {
  return { url, title: row.title, description: row.description, siteName: row.siteName, image };
}

/** The page's text in its declared charset when the runtime knows it, else UTF-8. */
function decode(body: Buffer, contentType: string): string {
  const charset = /charset="?([\w-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}
