import type { ChatSummary } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import { playedByAll } from "./played.js";

const member = (id: string) => ({ user: { id } }) as ChatSummary["members"][number];
const chat = (type: ChatSummary["type"], ids: string[]) => ({ type, members: ids.map(member) });

describe("playedByAll", () => {
  it("direct chat: played once the other person played it, unless I hide my read receipts", () => {
    expect(playedByAll(["bob"], chat("direct", ["me", "bob"]), "me", true)).toBe(true);
    expect(playedByAll([], chat("direct", ["me", "bob"]), "me", true)).toBe(false);
    expect(playedByAll(["bob"], chat("direct", ["me", "bob"]), "me", false)).toBe(false);
  });

  it("group: only when every other member played it (my own hiding does not matter there)", () => {
    const group = chat("group", ["me", "bob", "cy"]);
    expect(playedByAll(["bob"], group, "me", true)).toBe(false);
    expect(playedByAll(["cy", "bob"], group, "me", false)).toBe(true);
    expect(playedByAll(["bob"], undefined, "me", true)).toBe(false);
  });
});
