import { describe, expect, it } from "vitest";
import { firstLink } from "./links.js";

describe("first link of a message", () => {
  it.each([
    ["look https://example.com/a?b=1.", "https://example.com/a?b=1"],
    ["(see http://example.com/x)", "http://example.com/x"],
    ["[docs](https://example.com/docs) and https://other.example", "https://example.com/docs"],
    ["https://en.wikipedia.org/wiki/Foo_(bar) is it", "https://en.wikipedia.org/wiki/Foo_(bar)"],
    ["HTTPS://EXAMPLE.COM!", "HTTPS://EXAMPLE.COM"],
  ])("%s → %s", (body, link) => {
    expect(firstLink(body)).toBe(link);
  });

  it.each(["no link here", "ftp://example.com/file", "javascript:alert(1)", "http://", "www.example.com"])(
    "%s has none",
    (body) => {
      expect(firstLink(body)).toBeNull();
    },
  );
});
