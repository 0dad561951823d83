type Node = {
  type: string;
  children?: Node[];
  position?: { start: { offset?: number } };
};

/**
 * A remark plugin for WhatsApp's markers: `*bold*` is bold (markdown reads one asterisk as
 * emphasis), `_italic_` stays italic, `~strike~` is already strikethrough (remark-gfm's single
 * tilde). Which marker opened an emphasis is read from the source at the node's offset.
 */
export function remarkWhatsApp() {
  return (tree: Node, file: { value: unknown }) => {
    const source = String(file.value);
    walk(tree, source);
  };
}

function walk(node: Node, source: string): void {
  if (node.type === "emphasis") {
    const offset = node.position?.start.offset;
    if (offset !== undefined && source[offset] === "*") node.type = "strong";
  }
  for (const child of node.children ?? []) walk(child, source);
}

/** Link targets that may become anchors; anything else (javascript:, data:, relative) is text. */
const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

export function isSafeHref(href: string | undefined | null): href is string {
  return typeof href === "string" && SAFE_LINK.test(href.trim());
}
