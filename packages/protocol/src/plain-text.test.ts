import { describe, expect, it } from "vitest";
import { plainText } from "./plain-text.js";

describe("plainText", () => {
  it("removes WhatsApp markers and keeps the words", () => {
    expect(plainText("*bold* and _italic_ and ~strike~")).toBe("bold and italic and strike");
    expect(plainText("batch 7 *spiked* today")).toBe("batch 7 spiked today");
    expect(plainText("**two** __under__ ~~gone~~")).toBe("two under gone");
    expect(plainText("_*both*_")).toBe("both");
    expect(plainText("run `npm test` now")).toBe("run npm test now");
    expect(plainText("```mono```")).toBe("mono");
    expect(plainText("```\nconst a = 1;\n```")).toBe("const a = 1;");
    expect(plainText("> quoted\nreply")).toBe("quoted\nreply");
    expect(plainText("- one\n- two")).toBe("• one\n• two");
    expect(plainText("see [the docs](https://x.example)")).toBe("see the docs");
    expect(plainText("\\*not bold\\*")).toBe("*not bold*");
  });

  it("leaves lone or in-word markers alone", () => {
    expect(plainText("2 * 3 * 4")).toBe("2 * 3 * 4");
    expect(plainText("snake_case_name")).toBe("snake_case_name");
    expect(plainText("a *b")).toBe("a *b");
    expect(plainText("ok")).toBe("ok");
    expect(plainText("")).toBe("");
  });
});
