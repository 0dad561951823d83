import { describe, expect, it } from "vitest";
import { chatPath, messagePath, parseView } from "./routes.js";

describe("app routes", () => {
  it("reads the list, a chat, its panels and the global search", () => {
    expect(parseView("/")).toEqual({ chatId: null, panel: null, globalSearch: false, seq: null });
    expect(parseView("/search").globalSearch).toBe(true);
    expect(parseView("/chats/abc")).toMatchObject({ chatId: "abc", panel: null });
    expect(parseView("/chats/abc/info")).toMatchObject({ chatId: "abc", panel: "info" });
    expect(parseView("/chats/abc/media").panel).toBe("media");
    expect(parseView("/chats/abc/search").panel).toBe("search");
    expect(parseView("/chats/abc/unknown")).toMatchObject({ chatId: "abc", panel: null });
  });

  it("reads a jump to a message and refuses a malformed one", () => {
    expect(parseView("/chats/abc", "?seq=42").seq).toBe(42);
    expect(parseView("/chats/abc", "?seq=-1").seq).toBeNull();
    expect(parseView("/chats/abc", "?seq=1e3").seq).toBeNull();
    expect(parseView("/chats/abc", "?seq=0").seq).toBeNull();
  });

  it("writes what it reads", () => {
    const id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    expect(parseView(chatPath(id, "info"))).toMatchObject({ chatId: id, panel: "info" });
    const url = new URL(messagePath(id, 7), "http://x");
    expect(parseView(url.pathname, url.search)).toMatchObject({ chatId: id, seq: 7 });
  });

  it("ignores other paths and bad escapes", () => {
    expect(parseView("/chats/%E0%A4%A").chatId).toBeNull();
    expect(parseView("/elsewhere").chatId).toBeNull();
  });
});
