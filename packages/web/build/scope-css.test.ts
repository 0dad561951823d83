import postcss from "postcss";
import { describe, expect, it } from "vitest";
import { remsToPx, scopeCss } from "./scope-css.js";

const run = async (css: string, options = {}) =>
  (await postcss([scopeCss(".tc-root", options)]).process(css, { from: "x.css" })).css.replace(/\s+/g, " ").trim();

describe("scopeCss", () => {
  it("scopes every rule under the root, page-level selectors becoming the root", async () => {
    expect(await run("html { color: red } *, ::before { margin: 0 } .flex { display: flex }")).toBe(
      ".tc-root { color: red } .tc-root *, .tc-root ::before { margin: 0 } .tc-root .flex { display: flex }",
    );
  });

  it("unlayered: rules leave their layers in source order and layer statements go", async () => {
    const css = "@layer theme, base; @layer base { button { padding: 0 } } @layer utilities { .p-2 { padding: 1px } }";
    expect(await run(css, { unlayer: true })).toBe(".tc-root button { padding: 0 } .tc-root .p-2 { padding: 1px }");
    expect(await run(css)).toContain("@layer base");
  });

  it("rem lengths become px when asked, in values only", async () => {
    expect(await run(".p { padding: calc(0.25rem * 4) 1.5rem; width: min(28rem, 92vw) }", { remToPx: 16 })).toBe(
      ".tc-root .p { padding: calc(4px * 4) 24px; width: min(448px, 92vw) }",
    );
    expect(await run("@media (width >= 40rem) { .a { margin: .5rem } }", { remToPx: 16 })).toBe(
      "@media (width >= 40rem) { .tc-root .a { margin: 8px } }",
    );
    expect(remsToPx("-.125rem remote", 16)).toBe("-2px remote");
  });
});
