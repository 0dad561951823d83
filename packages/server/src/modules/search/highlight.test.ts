import { describe, expect, it } from "vitest";
import { toSnippet } from "./highlight.js";
import { MARK_END, MARK_START } from "./search.repo.js";

const marked = (word: string) => `${MARK_START}${word}${MARK_END}`;

describe("toSnippet", () => {
  it("shows plain text without markers and marks the match", () => {
    const { snippet, highlights } = toSnippet("the *batch 7* spiked today", "", ["spiked"]);
    expect(snippet).toBe("the batch 7 spiked today");
    expect(highlights).toEqual([{ start: 12, end: 18 }]);
  });

  it("keeps context around a match deep in a long message", () => {
    const body = `${"word ".repeat(100)}needle ${"tail ".repeat(100)}`;
    const { snippet, highlights } = toSnippet(body, "", ["needle"]);
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    const range = highlights[0];
    expect(range && snippet.slice(range.start, range.end)).toBe("needle");
  });

  it("marks stemmed words ts_headline found", () => {
    const { snippet, highlights } = toSnippet("prices are spiking", `prices are ${marked("spiking")}`, ["spike"]);
    const range = highlights[0];
    expect(range && snippet.slice(range.start, range.end)).toBe("spiking");
  });
});
