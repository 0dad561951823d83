import type { AtRule, Node, Plugin, Rule } from "postcss";

/**
 * A PostCSS plugin that scopes every rule under `root` (e.g. `.tc-root`): `.flex` becomes
 * `.tc-root .flex`, Tailwind's preflight `*, ::before` becomes `.tc-root *, .tc-root ::before`, and
 * `:root` / `:host` / `html` / `body` (theme variables, base font) become the root itself. So the
 * chat's CSS, preflight included, never reaches a host page's own elements. Keyframes and
 * `@property` are global by nature and left alone (they style nothing by themselves), and so
 * is the inline <style> of an HTML page.
 */
export function scopeCss(root: string): Plugin {
  const pageLevel = /^(:root|:host|html|body)$/;
  const pageLevelPrefix = /^(:root|:host|html|body)(?=[\s>+~:.[#])/;
  const scope = (selector: string): string => {
    const s = selector.trim();
    if (s.startsWith(root)) return s;
    if (pageLevel.test(s)) return root;
    if (pageLevelPrefix.test(s)) return s.replace(pageLevelPrefix, root);
    return `${root} ${s}`;
  };
  return {
    postcssPlugin: "teamchat-scope-css",
    Rule(rule: Rule) {
      if (insideKeyframes(rule) || (rule as Rule & { scoped?: boolean }).scoped) return;
      // A page's own inline <style> (the stand-alone index.html) styles that page: leave it be.
      if (/\.html($|\?)/.test(rule.source?.input.file ?? "")) return;
      rule.selectors = [...new Set(rule.selectors.map(scope))];
      (rule as Rule & { scoped?: boolean }).scoped = true;
    },
  };
}

function insideKeyframes(rule: Rule): boolean {
  for (let node: Node | undefined = rule.parent as Node | undefined; node; node = node.parent as Node | undefined) {
    if (node.type === "atrule" && /keyframes$/i.test((node as AtRule).name)) return true;
  }
  return false;
}
