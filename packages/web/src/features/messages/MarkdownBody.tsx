import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { remarkMentions } from "../mentions/remarkMentions.js";

/**
 * GFM for chat text. Raw HTML is never rendered (no rehype-raw: it shows as text), dangerous
 * URLs (javascript:, data:…) are dropped by react-markdown's default urlTransform, and links
 * open in a new tab without access to this window.
 */
const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
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
 * entities, escapes, line breaks, list markers and indented code.
 */
const MAYBE_MARKDOWN = /[*_`#>[\]~|<&\\\n\r!:@=]|www\.|^\s|\s$|^[-+]|^\d+[.)]/i;

/** True when the text renders as exactly one plain paragraph: no parser needed. */
export function isPlainText(text: string): boolean {
  return text.length > 0 && !MAYBE_MARKDOWN.test(text);
}

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
      <Markdown remarkPlugins={[remarkGfm, [remarkMentions, { people }]]} components={components} skipHtml>
        {text}
      </Markdown>
    </div>
  );
}
