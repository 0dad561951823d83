import { aMessage } from "@teamchat/protocol/testing";
import { describe, expect, it } from "vitest";
import { keepMyPlay } from "./my-plays.js";

const note = (playedBy: string[]) =>
  aMessage({
    id: "m1",
    chatId: "c1",
    seq: 1,
    senderId: "ann",
    clientId: null,
    body: "",
    createdAt: "2026-01-01T00:00:00.000Z",
    playedBy,
  });

describe("keepMyPlay", () => {
  it("keeps my play that an update for the whole chat left out", () => {
    expect(keepMyPlay(note(["cy"]), note(["me"]), "me").playedBy).toEqual(["cy", "me"]);
  });

  it("changes nothing when the update lists me, the cache did not, or nobody is signed in", () => {
    const listed = note(["me"]);
    expect(keepMyPlay(listed, note([]), "me")).toBe(listed);
    const fresh = note(["cy"]);
    expect(keepMyPlay(fresh, note(["cy"]), "me")).toBe(fresh);
    expect(keepMyPlay(fresh, undefined, "me")).toBe(fresh);
    expect(keepMyPlay(fresh, note(["me"]), undefined)).toBe(fresh);
  });
});
