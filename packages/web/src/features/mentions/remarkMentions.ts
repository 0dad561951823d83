import { splitMentions } from "./mentions.js";

type Node = { type: string; value?: string; children?: Node[]; data?: Record<string, unknown> };

const MENTION_CLASSES = ["mention", "rounded", "px-0.5", "font-semibold", "text-sky-700", "dark:text-sky-300"];

/**
 * A remark plugin: each "@Name" of a mentioned person in the message's text becomes a span
 * (through mdast's data.hName), so mentions are highlighted without any HTML from the text.
 * Code and links are left alone.
 */
export function remarkMentions(options: { people: { id: string; name: string }[] }) {
  return (tree: Node) => {
    if (options.people.length > 0) walk(tree, options.people);
  };
}

function walk(node: Node, people: { id: string; name: string }[]): void {
  if (!node.children || node.type === "link" || node.type === "inlineCode" || node.type === "code") return;
  node.children = node.children.flatMap((child) => {
    if (child.type !== "text" || !child.value?.includes("@")) {
      walk(child, people);
      return [child];
    }
    return splitMentions(child.value, people).map(
      (segment): Node =>
        segment.mentionId === null
          ? { type: "text", value: segment.text }
          : {
              type: "text",
              value: segment.text,
              data: {
                hName: "span",
                hProperties: {
                  className: MENTION_CLASSES,
                  "data-testid": "mention",
                  "data-user-id": segment.mentionId,
                },
              },
            },
    );
  });
}
