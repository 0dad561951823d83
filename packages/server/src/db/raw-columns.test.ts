import { describe, expect, it } from "vitest";
import { jsonColumns } from "./raw-columns.js";
import { chatMembers } from "./schema.js";

describe("jsonColumns", () => {
  it("lists every column in table order and reads a row back from those positions", () => {
    const member = jsonColumns(chatMembers, "cm");
    expect(member.list).toBe(
      "cm.chat_id, cm.user_id, cm.role, cm.joined_at, cm.delivered_seq, cm.read_seq, cm.muted_until, cm.archived, cm.pinned_at",
    );
    expect(member.count).toBe(9);
    const row = member.read(["x", "c", "u", "admin", "2026-12-07T10:00:00.123+00:00", 4, 3, null, true, null], 1);
    expect(row).toEqual({
      chatId: "c",
      userId: "u",
      role: "admin",
      joinedAt: new Date("2026-12-07T10:00:00.123Z"),
      deliveredSeq: 4,
      readSeq: 3,
      mutedUntil: null,
      archived: true,
      pinnedAt: null,
    });
  });

  it("leaves omitted columns out of the text, the count and the row, the others keeping their places", () => {
    const member = jsonColumns(chatMembers, "mm", ["mutedUntil", "archived", "pinnedAt"]);
    expect(member.list).toBe("mm.chat_id, mm.user_id, mm.role, mm.joined_at, mm.delivered_seq, mm.read_seq");
    expect(member.count).toBe(6);
    const row = member.read(["c", "u", "member", "2026-12-07T10:00:00+00:00", 2, 1]);
    expect(row).toEqual({
      chatId: "c",
      userId: "u",
      role: "member",
      joinedAt: new Date("2026-12-07T10:00:00Z"),
      deliveredSeq: 2,
      readSeq: 1,
    });
    expect(Object.keys(row)).not.toContain("archived");
  });
});
