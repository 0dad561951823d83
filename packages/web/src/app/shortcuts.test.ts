import { describe, expect, it } from "vitest";
import { neighbourChat } from "./shortcuts.js";

describe("neighbourChat", () => {
  const ids = ["a", "b", "c"];
  it("moves up and down the list and stops at its ends", () => {
    expect(neighbourChat(ids, "b", 1)).toBe("c");
    expect(neighbourChat(ids, "b", -1)).toBe("a");
    expect(neighbourChat(ids, "c", 1)).toBeNull();
    expect(neighbourChat(ids, "a", -1)).toBeNull();
  });
  it("starts from the top (down) or the bottom (up) with no chat open", () => {
    expect(neighbourChat(ids, null, 1)).toBe("a");
    expect(neighbourChat(ids, null, -1)).toBe("c");
    expect(neighbourChat([], null, 1)).toBeNull();
  });
});
