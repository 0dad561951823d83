import { LIMITS } from "@teamchat/protocol";
import { Parser } from "htmlparser2";

export type PageMeta = { title: string | null; description: string | null; siteName: string | null; image: URL | null };

/**
 * Reads a page's Open Graph tags (og:title, og:description, og:site_name, og:image), falling back
 * to Twitter cards, then <title> and <meta name="description">. htmlparser2 tokenizes the HTML
 * (entities decoded, comments and scripts skipped as the spec says); parsing stops at <body>, where
 * no metadata belongs. The image URL is resolved against the page's final URL; only http(s) kept.
 */
export function parsePageMeta(html: string, pageUrl: URL): PageMeta {
  const meta = new Map<string, string>();
  let title = "";
  let inTitle = false;
  let done = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "body") {
          done = true;
          parser.pause();
        } else if (name === "title") inTitle = true;
        else if (name === "meta") {
          const key = (attrs.property ?? attrs.name ?? "").trim().toLowerCase();
          const content = attrs.content;
          // The first of a repeated tag wins (og:image may list several pictures).
          if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
        }
      },
      ontext(text) {
        if (inTitle && !done) title += text;
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  if (!done) parser.end();
  const pick = (...keys: string[]) => keys.map((k) => meta.get(k)).find((v) => v !== undefined && v.trim() !== "");
  return {
    title: clean(pick("og:title", "twitter:title") ?? title, LIMITS.linkPreviewTitleMax),
    description: clean(pick("og:description", "twitter:description", "description"), LIMITS.linkPreviewDescriptionMax),
    siteName: clean(pick("og:site_name"), LIMITS.linkPreviewSiteNameMax),
    image: imageUrl(pick("og:image:secure_url", "og:image", "og:image:url", "twitter:image"), pageUrl),
  };
}

/** Whitespace collapsed, control characters dropped, cut to `max` characters; empty → null. */
function clean(value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  const text = value
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!text) return null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function imageUrl(value: string | undefined, pageUrl: URL): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim(), pageUrl);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}
