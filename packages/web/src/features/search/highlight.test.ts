import { describe, expect, it } from "vitest";
import { highlightSegments } from "./highlight.js";

describe("highlightSegments", () => {
  it("marks the ranges and keeps the rest as text", () => {
    expect(highlightSegments("a wonderful day", [{ start: 2, end: 7 }])).toEqual([
      { text: "a ", mark: false },
      { text: "wonde", mark: true },
      { text: "rful day", mark: false },
    ]);
  });

  it("survives overlapping, unordered and out-of-range ranges", () => {
    const segments = highlightSegments("hello", [
      { start: 3, end: 99 },
      { start: 0, end: 2 },
      { start: 1, end: 4 },
      { start: 7, end: 9 },
    ]);
    expect(segments.map((s) => s.text).join("")).toBe("hello");
    expect(segments.filter((s) => s.mark).map((s) => s.text)).toEqual(["he", "ll", "o"]);
  });

  it("keeps markup as text (React escapes it)", () => {
    expect(highlightSegments("<img src=x onerror=alert(1)>", [])).toEqual([
      { text: "<img src=x onerror=alert(1)>", mark: false },
    ]);
  });
});
