import type { AtRule, Declaration, Node, Plugin, Root, Rule } from "postcss";

export type ScopeCssOptions = {
  /**
   * Take every rule out of its CSS cascade layer (Tailwind's `@layer theme/base/utilities`),
   * keeping source order. A layered rule loses to ANY unlayered rule, whatever its specificity, so
   * a host page's plain `button { … }` would beat the chat's `.tc-root .p-2`; unlayered, the
   * scoped rules win by specificity (`.tc-root button` 0-1-1 over `button` 0-0-1). Tailwind emits
   * its layers in cascade order (properties, theme, base, components, utilities), so flattening
   * them keeps which chat rule wins over which.
   */
  unlayer?: boolean;
  /**
   * Rewrite `rem` lengths as pixels at this many px per rem. `rem` follows the HOST page's
   * `html { font-size }`: a host with 20px would blow the chat up by 25%. (Media queries keep
   * `rem`: there it means the browser's default size, never the host's.)
   */
  remToPx?: number;
};

/**
 * A PostCSS plugin that scopes every rule under `root` (e.g. `.tc-root`): `.flex` becomes
 * `.tc-root .flex`, Tailwind's preflight `*, ::before` becomes `.tc-root *, .tc-root ::before`, and
 * `:root` / `:host` / `html` / `body` (theme variables, base font) become the root itself. So the
 * chat's CSS, preflight included, never reaches a host page's own elements. Keyframes and
 * `@property` are global by nature and left alone (they style nothing by themselves), and so
 * is the inline <style> of an HTML page.
 */
export function scopeCss(root: string, options: ScopeCssOptions = {}): Plugin {
  const pageLevel = /^(:root|:host|html|body)$/;
  const pageLevelPrefix = /^(:root|:host|html|body)(?=[\s>+~:.[#])/;
  const scope = (selector: string): string => {
    const s = selector.trim();
    if (s.startsWith(root)) return s;
    if (pageLevel.test(s)) return root;
    if (pageLevelPrefix.test(s)) return s.replace(pageLevelPrefix, root);
    return `${root} ${s}`;
  };
  const remToPx = options.remToPx;
  return {
    postcssPlugin: "teamchat-scope-css",
    Rule(rule: Rule) {
      if (insideKeyframes(rule) || (rule as Rule & { scoped?: boolean }).scoped) return;
      // A page's own inline <style> (the stand-alone index.html) styles that page: leave it be.
      if (fromHtmlPage(rule)) return;
      rule.selectors = [...new Set(rule.selectors.map(scope))];
      (rule as Rule & { scoped?: boolean }).scoped = true;
    },
    ...(remToPx && {
      Declaration(decl: Declaration) {
        if (!decl.value.includes("rem") || fromHtmlPage(decl)) return;
        decl.value = remsToPx(decl.value, remToPx);
      },
    }),
    ...(options.unlayer && {
      OnceExit(css: Root) {
        css.walkAtRules("layer", (layer) => {
          if (fromHtmlPage(layer)) return;
          // `@layer a, b;` only orders layers; a block's rules move out in place, in order.
          if (layer.nodes && layer.nodes.length > 0) layer.replaceWith(layer.nodes);
          else layer.remove();
        });
      },
    }),
  };
}

/** `1.5rem` → `24px` (at 16 px per rem); other units and words containing "rem" stay. */
export function remsToPx(value: string, pxPerRem: number): string {
  return value.replace(/(-?(?:\d+\.?\d*|\.\d+))rem\b/g, (_, n: string) => `${round(Number(n) * pxPerRem)}px`);
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function fromHtmlPage(node: Node): boolean {
  return /\.html($|\?)/.test(node.source?.input.file ?? "");
}

function insideKeyframes(rule: Rule): boolean {
  for (let node: Node | undefined = rule.parent as Node | undefined; node; node = node.parent as Node | undefined) {
    if (node.type === "atrule" && /keyframes$/i.test((node as AtRule).name)) return true;
  }
  return false;
}
