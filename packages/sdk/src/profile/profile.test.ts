import type { ChatSummary, PublicUser } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import { chatsWithUser } from "../sync/chat-summaries.js";

const user = (id: string, displayName: string): PublicUser => ({
  id,
  username: id,
  displayName,
  avatarUrl: null,
  statusMessage: null,
  avatarFileId: null,
});

const chat = (id: string, members: PublicUser[]): ChatSummary =>
  ({
    id,
    members: members.map((u) => ({ user: u, role: "member", readSeq: 0, deliveredSeq: 0 })),
  }) as unknown as ChatSummary;

describe("chatsWithUser", () => {
  const ann = user("ann", "Ann");
  const ben = user("ben", "Ben");
  const chats = [chat("c1", [ann, ben]), chat("c2", [ben]), chat("c3", [ann])];

  it("returns only the chats where the user shows with other data, with the member's profile replaced", () => {
    const renamed = { ...ann, displayName: "Ann B.", avatarFileId: "f1" };
    const changed = chatsWithUser(chats, renamed);
    expect(changed.map((c) => c.id)).toEqual(["c1", "c3"]);
    expect(changed[0]?.members.map((m) => m.user.displayName)).toEqual(["Ann B.", "Ben"]);
    expect(changed[1]?.members[0]?.user.avatarFileId).toBe("f1");
    // The input is not modified.
    expect(chats[0]?.members[0]?.user.displayName).toBe("Ann");
  });

  it("changes nothing when the profile is the same", () => {
    expect(chatsWithUser(chats, { ...ben })).toEqual([]);
  });
});
