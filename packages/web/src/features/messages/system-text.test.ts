import { describe, expect, it } from "vitest";
import { systemTextFor } from "./system-text.js";

describe("systemTextFor", () => {
  it("reads my own leaving as 'You left', and nothing else", () => {
    expect(systemTextFor({ seq: 7, body: "Carol left" }, { leftAtSeq: 7 })).toBe("You left");
    expect(systemTextFor({ seq: 6, body: "Dan left" }, { leftAtSeq: 7 })).toBe("Dan left");
    expect(systemTextFor({ seq: 7, body: "Ana removed Carol" }, { leftAtSeq: 7 })).toBe("Ana removed Carol");
    expect(systemTextFor({ seq: 7, body: "Carol left" }, { leftAtSeq: null })).toBe("Carol left");
  });
});
