import fc from "fast-check";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import Markdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import MarkdownBody, { isPlainText, spoofedTarget } from "./MarkdownBody.js";

const parsed = (text: string) =>
  renderToStaticMarkup(
    createElement("div", { className: "markdown" }, createElement(Markdown, { remarkPlugins: [remarkGfm] }, text)),
  );
const shown = (text: string) => renderToStaticMarkup(createElement(MarkdownBody, { text }));

// Words chat text is made of, including the characters that do carry markdown meaning, so
// random texts hit the boundary of the plain-text shortcut from both sides.
const piece = fc.constantFrom(
  "hello",
  "ok",
  "👍",
  "👩‍💻",
  "ça va",
  "مرحبا",
  "1.",
  "2)",
  "-",
  "+",
  "*",
  "_",
  "`",
  "#",
  ">",
  "[x]",
  "(y)",
  "~~",
  "|",
  "<b>",
  "&amp;",
  "\\",
  "!",
  ":",
  "@",
  "www.example.com",
  "https://e.com",
  "a@b.co",
  "=",
  "  ",
  "\t",
  "\n",
  "?",
  ",",
  ".",
  "'",
  '"',
  "%",
  "$",
  "{",
  "}",
  "^",
);
const chatText = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(" "));

describe("MarkdownBody's plain-text shortcut", () => {
  it("renders exactly what the markdown parser renders for every text it accepts", () => {
    fc.assert(
      fc.property(
        fc.oneof(chatText, fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 })),
        (text) => {
          if (isPlainText(text)) expect(shown(text)).toBe(parsed(text));
        },
      ),
      { numRuns: 2_000, seed: 20261125 },
    );
  });

  it("takes the shortcut for ordinary sentences and refuses markdown", () => {
    for (const plain of ["Hello there, how are you?", "Meeting moved to 3 pm (room 4) 👍", "ça marche"]) {
      expect(isPlainText(plain)).toBe(true);
    }
    for (const md of [
      "**bold**",
      "1. item",
      "- item",
      "see https://x.y",
      "mail a@b.co",
      "www.x.com",
      "line\nbreak",
      "    code",
      "> quote",
      "a | b",
      "&amp;",
    ]) {
      expect(isPlainText(md)).toBe(false);
    }
  });
});

describe("link-text spoofing", () => {
  it("shows the real target when the text reads like another address", () => {
    expect(spoofedTarget("https://bank.example/login", "https://evil.example/login")).toBe("evil.example");
    expect(spoofedTarget("www.bank.example", "https://evil.example")).toBe("evil.example");
    expect(spoofedTarget("bank.example", "https://bank.example.evil.example")).toBe("bank.example.evil.example");
    expect(spoofedTarget("https://bank.example", "mailto:x@evil.example")).toBe("mailto:x@evil.example");
  });

  it("leaves honest links and plain words alone", () => {
    expect(spoofedTarget("https://bank.example/a", "https://bank.example/b")).toBeNull();
    expect(spoofedTarget("BANK.example", "https://bank.example")).toBeNull();
    expect(spoofedTarget("the docs", "https://evil.example")).toBeNull();
    expect(spoofedTarget("click me", undefined)).toBeNull();
  });
});

describe("WhatsApp formatting", () => {
  it("renders *bold*, _italic_, ~strike~, ```mono``` and `inline`", () => {
    expect(shown("*bold*")).toContain("<strong>bold</strong>");
    expect(shown("**bold**")).toContain("<strong>bold</strong>");
    expect(shown("_italic_")).toContain("<em>italic</em>");
    expect(shown("~strike~")).toContain("<del>strike</del>");
    expect(shown("```mono```")).toContain("<code>mono</code>");
    expect(shown("```\nline 1\nline 2\n```")).toContain("<pre><code>line 1\nline 2\n</code></pre>");
    expect(shown("run `npm test`")).toContain("<code>npm test</code>");
    expect(shown("> quoted")).toContain("<blockquote>");
    expect(shown("- a\n- b")).toContain("<ul>");
    expect(shown("1. a\n2. b")).toContain("<ol>");
  });

  it("makes only http(s) and mailto links anchors; others are plain text", () => {
    expect(shown("[site](https://x.example)")).toContain('href="https://x.example"');
    expect(shown("[mail](mailto:a@b.example)")).toContain('href="mailto:a@b.example"');
    for (const bad of ["[click](javascript:alert(1))", "[x](data:text/html,hi)", "[rel](/settings)"]) {
      const html = shown(bad);
      expect(html).not.toContain("<a");
      expect(html).toContain('data-testid="unsafe-link"');
    }
  });
});
