import { describe, expect, it } from "vitest";
import { activeMentionQuery, insertMention, mentionsStillInText, splitMentions, suggestMembers } from "./mentions.js";

const ann = { id: "a", displayName: "Ann Lee", username: "ann" };
const bob = { id: "b", displayName: "Bob", username: "robert" };

describe("mention helpers", () => {
  it("finds the @query before the caret only at a word start", () => {
    expect(activeMentionQuery("hi @an", 6)).toEqual({ start: 3, query: "an" });
    expect(activeMentionQuery("@", 1)).toEqual({ start: 0, query: "" });
    expect(activeMentionQuery("mail me@ann", 11)).toBeNull();
    expect(activeMentionQuery("hi @ann there", 13)).toBeNull();
  });

  it("suggests by any word of the name or by username", () => {
    expect(suggestMembers([ann, bob], "le")).toEqual([ann]);
    expect(suggestMembers([ann, bob], "rob")).toEqual([bob]);
    expect(suggestMembers([ann, bob], "")).toEqual([ann, bob]);
  });

  it("inserts the whole name and keeps only mentions still in the text", () => {
    expect(insertMention("hi @an!", 3, 6, ann)).toEqual({ text: "hi @Ann Lee !", caret: 12 });
    expect(mentionsStillInText("hi @Ann Lee and @Bob", [ann, bob, ann])).toEqual(["a", "b"]);
    expect(mentionsStillInText("hi there", [ann])).toEqual([]);
  });

  it("splits text into plain runs and mentions, longest name first", () => {
    const people = [
      { id: "short", name: "Ann" },
      { id: "long", name: "Ann Lee" },
    ];
    expect(splitMentions("ping @Ann Lee and @Ann.", people)).toEqual([
      { text: "ping ", mentionId: null },
      { text: "@Ann Lee", mentionId: "long" },
      { text: " and ", mentionId: null },
      { text: "@Ann", mentionId: "short" },
      { text: ".", mentionId: null },
    ]);
    expect(splitMentions("<b>@Bob</b>", [{ id: "b", name: "Bob" }])).toEqual([
      { text: "<b>", mentionId: null },
      { text: "@Bob", mentionId: "b" },
      { text: "</b>", mentionId: null },
    ]);
  });
});
