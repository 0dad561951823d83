import { describe, expect, it } from "vitest";
import { spoofedTarget } from "./MarkdownBody.js";

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
