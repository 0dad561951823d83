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

/** `people`: the members this message mentions, whose "@Name" is highlighted. */
export default function MarkdownBody({ text, people = [] }: { text: string; people?: { id: string; name: string }[] }) {
  return (
    <div className="markdown">
      <Markdown remarkPlugins={[remarkGfm, [remarkMentions, { people }]]} components={components} skipHtml>
        {text}
      </Markdown>
    </div>
  );
}
