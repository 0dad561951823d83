import type { ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { remarkMentions } from "../mentions/remarkMentions.js";
import { isSafeHref, remarkWhatsApp } from "./remarkWhatsApp.js";

/** Text that reads like an address ("https://bank.example", "www.bank.example", "bank.example/login"). */
const LOOKS_LIKE_URL = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)|^[^\s/]+\.[a-z]{2,}(?:[/:?#]|$)/i;

function textOf(children: ReactNode): string {
  if (typeof children === "string" || typeof children === "number") return String(children);
  if (Array.isArray(children)) return children.map(textOf).join("");
  return "";
}

function hostOf(address: string): string | null {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(address) ? address : `https://${address}`);
    return url.host.toLowerCase() || null;
  } catch {
    return null;
  }
}

/**
 * Link-text spoofing ("[https://bank.example](https://evil.example)"): when the text reads like
 * an address other than the real target, the real target is shown beside it.
 */
export function spoofedTarget(text: string, href: string | undefined): string | null {
  if (!href || !LOOKS_LIKE_URL.test(text.trim())) return null;
  const real = hostOf(href);
  return real !== null && hostOf(text.trim()) === real ? null : (real ?? href);
}

/**
 * GFM for chat text with WhatsApp's markers (`*bold*`). Raw HTML is never rendered (no
 * rehype-raw: it shows as text); a link that is not http(s) or mailto (javascript:, data:,
 * relative) is plain text, never an anchor; links open in a new tab without access to this window.
 */
const components: Components = {
  a: ({ node: _node, children, ...props }) => {
    if (!isSafeHref(props.href)) return <span data-testid="unsafe-link">{children}</span>;
    const real = spoofedTarget(textOf(children), props.href);
    return (
      <>
        <a {...props} title={props.href} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </a>
        {real && (
          <span className="link-target" data-testid="link-target">
            {" "}
            (→ {real})
          </span>
        )}
      </>
    );
  },
  img: ({ node: _node, alt }) => <span>{alt ? `[image: ${alt}]` : "[image]"}</span>,
  h1: "p",
  h2: "p",
  h3: "p",
  h4: "p",
  h5: "p",
  h6: "p",
};

/**
 * Characters and shapes that can make markdown differ from a plain paragraph: emphasis, code,
 * headings, quotes, links and autolinks (":", "@", "www."), tables, strikethrough, HTML and
 * entities, escapes, line breaks, list markers and indented code. "!" and ":" alone are plain
 * (an image needs "![", an autolink "://" or "@"): sentences ending in "!" or holding "Note:"
 * took the parser (issue 15: rows are rendered while a chat opens).
 */
const MAYBE_MARKDOWN = /[*_`#>[\]~|<&\\\n\r@=]|:\/\/|www\.|^\s|\s$|^[-+]|^\d+[.)]/i;

/** True when the text renders as exactly one plain paragraph: no parser needed. */
export function isPlainText(text: string): boolean {
  return text.length > 0 && !MAYBE_MARKDOWN.test(text);
}

/** Links are judged by the `a` component (unsafe ones become text), so the URL passes as written. */
const keepUrl = (url: string) => url;

/** `people`: the members this message mentions, whose "@Name" is highlighted. */
export default function MarkdownBody({ text, people = [] }: { text: string; people?: { id: string; name: string }[] }) {
  // Most chat messages have no markdown at all; parsing them (micromark + unified) was ~7 % of
  // the frames in which rows mount while scrolling (docs/benchmarks.md). Same output, no parse.
  if (isPlainText(text)) {
    return (
      <div className="markdown">
        <p>{text}</p>
      </div>
    );
  }
  return (
    <div className="markdown">
      <Markdown
        remarkPlugins={[remarkGfm, remarkWhatsApp, [remarkMentions, { people }]]}
        components={components}
        urlTransform={keepUrl}
      >
        {text}
      </Markdown>
    </div>
  );
}
