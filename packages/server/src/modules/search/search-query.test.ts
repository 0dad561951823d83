import { describe, expect, it } from "vitest";
import { likePattern, parseDay, parseSearch, tokenize } from "./search-query.js";

describe("parseSearch", () => {
  it("takes filters out of the words", () => {
    const p = parseSearch('budget from:@Alice in:"Team room" has:file before:2026-03-01 after:2026-01-31 -draft');
    expect(p.from).toEqual(["alice"]);
    expect(p.in).toEqual(["Team room"]);
    expect(p.hasFile).toBe(true);
    expect(p.before?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(p.after?.toISOString()).toBe("2026-01-31T00:00:00.000Z");
    expect(p.text).toBe("budget -draft");
    expect(p.words).toEqual(["budget"]);
    expect(p.excluded).toEqual(["draft"]);
  });

  it("searches a malformed filter as text", () => {
    const p = parseSearch("before:2026-02-30 has:cake from: in:");
    expect(p.before).toBeNull();
    expect(p.hasFile).toBe(false);
    expect(p.text).toBe("before:2026-02-30 has:cake from: in:");
  });

  it("keeps phrases and or for the full-text query but not as partial words", () => {
    const p = parseSearch('"exact words" or other');
    expect(p.text).toBe('"exact words" or other');
    expect(p.words).toEqual(["other"]);
  });

  it("parses pathological input quickly and without throwing", () => {
    const inputs = [
      '"'.repeat(200),
      ":".repeat(200),
      "from:".repeat(40),
      `${"a".repeat(199)}!`,
      "((((((((((".repeat(20),
      "\\%_".repeat(66),
      "\u0000\u202e\ud800".repeat(50),
      'in:"'.repeat(50),
    ];
    const started = Date.now();
    for (const input of inputs) expect(() => parseSearch(input)).not.toThrow();
    // Generous: a linear scan of 8 × 200 characters; a catastrophic regex would take seconds.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("caps the number of partial words", () => {
    expect(parseSearch(Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ")).words).toHaveLength(8);
  });
});

describe("helpers", () => {
  it("tokenizes quotes across spaces", () => {
    expect(tokenize('a "b c" d')).toEqual([
      { value: "a", quoted: false },
      { value: "b c", quoted: true },
      { value: "d", quoted: false },
    ]);
  });
  it("accepts only real calendar days", () => {
    expect(parseDay("2024-02-29")).not.toBeNull();
    expect(parseDay("2023-02-29")).toBeNull();
    expect(parseDay("2024-13-01")).toBeNull();
    expect(parseDay("20x4-01-01")).toBeNull();
  });
  it("escapes LIKE wildcards", () => {
    expect(likePattern("50%_\\")).toBe("%50\\%\\_\\\\%");
  });
});
