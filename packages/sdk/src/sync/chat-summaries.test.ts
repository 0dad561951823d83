import type { ChatSummary, Message } from "@teamchat/protocol";
import { aChat, aMember, aMessage, aUser } from "@teamchat/protocol/testing";
import { describe, expect, it } from "vitest";
import {
  mergeChatLists,
  seenFurther,
  withMemberPointer,
  withMessage,
  withoutPreview,
  withReadState,
  withSettings,
} from "./chat-summaries.js";

const ME = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const BOB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const CY = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

const member = (id: string, readSeq: number | null = 0, deliveredSeq = 0) =>
  aMember(aUser(id), { readSeq, deliveredSeq });

const chat = (extra: Partial<ChatSummary> = {}): ChatSummary =>
  aChat("c1", { members: [member(ME), member(BOB)], ...extra });

const message = (seq: number, senderId: string, extra: Partial<Message> = {}): Message =>
  aMessage({
    id: `m-${seq}`,
    chatId: "c1",
    seq,
    senderId,
    clientId: `c-${seq}-abcdef`,
    body: `#${seq}`,
    createdAt: `2026-01-03T00:00:0${seq}.000Z`,
    ...extra,
  });

describe("chat summary rules (one set, used by the SDK; the web store only mirrors the result)", () => {
  it("counts as unread only others' messages it has not seen before; the newest is the preview", () => {
    let c = chat();
    c = withMessage(c, message(1, ME), ME);
    c = withMessage(c, message(2, BOB), ME);
    c = withMessage(c, message(2, BOB), ME); // replay
    expect(c).toMatchObject({ unreadCount: 1, lastSeq: 2, lastActivityAt: "2026-01-03T00:00:02.000Z" });
    expect(c.lastMessage?.id).toBe("m-2");
    // An edit of the preview replaces it; an edit of an older message does not.
    c = withMessage(c, message(2, BOB, { body: "edited", changeSeq: 3 }), ME);
    c = withMessage(c, message(1, ME, { body: "old edit", changeSeq: 4 }), ME);
    expect(c.lastMessage?.body).toBe("edited");
    expect(c.changeSeq).toBe(4);
  });

  it("read state: the server's counts win, a stale one is ignored, nothing unread means no mention", () => {
    let c = withMessage(chat(), message(1, BOB, { mentions: [ME] }), ME);
    c = withMessage(c, message(2, BOB, { mentions: [CY] }), ME);
    c = withMessage(c, message(3, ME, { mentions: [ME] }), ME);
    expect(c).toMatchObject({ unreadCount: 2, mentionCount: 1 });
    c = withReadState(c, { chatId: "c1", readSeq: 1, unreadCount: 1, mentionCount: 0 });
    expect(c).toMatchObject({ unreadCount: 1, mentionCount: 0, myReadSeq: 1 });
    c = withReadState(c, { chatId: "c1", readSeq: 0, unreadCount: 2, mentionCount: 1 }); // stale
    expect(c).toMatchObject({ unreadCount: 1, myReadSeq: 1 });
    const mentioned = withMessage(chat(), message(1, BOB, { mentions: [ME] }), ME);
    expect(withReadState(mentioned, { chatId: "c1", readSeq: 1, unreadCount: 0, mentionCount: 0 }).mentionCount).toBe(
      0,
    );
  });

  it("an unread mention deleted for everyone stops counting (the server's count agrees)", () => {
    const mention = message(1, BOB, { mentions: [ME] });
    let c = withMessage(chat(), mention, ME);
    expect(c.mentionCount).toBe(1);
    const deleted = { ...mention, deletedAt: "2026-01-03T00:01:00.000Z", body: "", mentions: [], changeSeq: 2 };
    c = withMessage(c, deleted, ME, mention);
    expect(c).toMatchObject({ mentionCount: 0, unreadCount: 1 });
    expect(withMessage(c, deleted, ME, deleted).mentionCount).toBe(0); // replay
  });

  it("a list read before a live message keeps that message's preview, unread and mention", () => {
    const seen = withMessage(chat(), message(1, BOB, { mentions: [ME] }), ME);
    const [merged] = mergeChatLists([chat({ unreadCount: 0, mentionCount: 0 })], [seen]);
    expect(merged).toMatchObject({ lastSeq: 1, unreadCount: 1, mentionCount: 1 });
    // A list that has seen as much or more is taken as it is.
    const fresher = chat({ lastSeq: 1, unreadCount: 0, mentionCount: 0, myReadSeq: 1 });
    expect(mergeChatLists([fresher], [seen])[0]).toEqual(fresher);
  });

  it("a list read before a live edit or delete of its preview keeps the newer preview", () => {
    const first = message(1, BOB);
    const listed = withMessage(chat(), first, ME);
    const deleted = { ...first, deletedAt: "2026-01-03T00:01:00.000Z", body: "", changeSeq: 2 };
    const seen = withMessage(listed, deleted, ME, first);
    const [merged] = mergeChatLists([listed], [seen]);
    expect(merged?.lastMessage).toEqual(deleted);
    expect(merged).toMatchObject({ lastSeq: 1, changeSeq: 2, unreadCount: listed.unreadCount });
    // The list's copy when it is the newer one.
    expect(mergeChatLists([seen], [listed])[0]).toEqual(seen);
  });

  it("a cache that saw a newer message, change or read than a summary has seen further", () => {
    const listed = chat({ lastSeq: 3, changeSeq: 5, myReadSeq: 1 });
    expect(seenFurther(listed, listed)).toBe(false);
    expect(seenFurther({ ...listed, changeSeq: 6 }, listed)).toBe(true);
    expect(seenFurther({ ...listed, myReadSeq: 3 }, listed)).toBe(true);
    expect(seenFurther({ ...listed, lastSeq: 4 }, listed)).toBe(true);
    expect(seenFurther(listed, { ...listed, changeSeq: 9, myReadSeq: 3 })).toBe(false);
  });

  it("pointers only move forward; read implies delivered; an unchanged pointer changes nothing", () => {
    let c = chat({ members: [member(ME), member(BOB, 0, 2)] });
    expect(withMemberPointer(c, { userId: BOB, upToSeq: 1 }, "delivered")).toBe(c);
    c = withMemberPointer(c, { userId: BOB, upToSeq: 5 }, "read");
    expect(c.members[1]).toMatchObject({ deliveredSeq: 5, readSeq: 5 });
    c = withMemberPointer(c, { userId: BOB, upToSeq: 3 }, "read");
    expect(c.members[1]).toMatchObject({ deliveredSeq: 5, readSeq: 5 });
  });

  it("settings and a hidden preview", () => {
    const c = withMessage(chat(), message(1, BOB), ME);
    expect(withSettings(c, { chatId: "c1", mutedUntil: null, archived: true, pinned: true })).toMatchObject({
      archived: true,
      pinned: true,
    });
    expect(withoutPreview(c, "m-1").lastMessage).toBeNull();
    expect(withoutPreview(c, "m-9")).toBe(c);
  });
});
