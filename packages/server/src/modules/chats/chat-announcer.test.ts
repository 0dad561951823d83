import type { ChatSummary } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import { ANNOUNCE_BATCH_MAX_PAIRS, ChatAnnouncer } from "./chat-announcer.js";
import { type ChatViewWanted, chatViewKey } from "./chat-queries.js";

/** A fake read that answers every pair (but `missing`) and records each statement's pairs. */
function harness(options: { missing?: Set<string>; fail?: boolean } = {}) {
  const statements: ChatViewWanted[][] = [];
  const told: string[] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const announcer = new ChatAnnouncer(
    async (wanted) => {
      statements.push(wanted);
      if (hold) await new Promise<void>((r) => (release = r));
      if (options.fail) throw new Error("database down");
      const views = new Map<string, ChatSummary>();
      for (const w of wanted) {
        if (!options.missing?.has(w.userId)) {
          views.set(chatViewKey(w.userId, w.chatId), { id: w.chatId } as ChatSummary);
        }
      }
      return views;
    },
    (userId, chat) => told.push(`${userId}:${chat.id}`),
  );
  return {
    announcer,
    statements,
    told,
    holdReads: () => (hold = true),
    releaseRead: () => {
      hold = false;
      release?.();
    },
  };
}

describe("ChatAnnouncer", () => {
  it("reads the announcements of one turn in one statement and tells each member before resolving", async () => {
    const h = harness();
    const toldWhenResolved: boolean[] = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        h.announcer.announce(`c${i}`, `u${i}`).then(() => toldWhenResolved.push(h.told.includes(`u${i}:c${i}`))),
      ),
    );
    expect(h.statements).toHaveLength(1);
    expect(h.statements[0]).toHaveLength(30);
    expect(h.told).toHaveLength(30);
    // A waiter sends the message behind the announcement: its member was told first.
    expect(toldWhenResolved).toEqual(Array(30).fill(true));
  });

  it("gathers what arrives while a read runs into the next statement, and asks for a pair once", async () => {
    const h = harness();
    h.holdReads();
    const first = h.announcer.announce("c0", "u0");
    await new Promise((r) => setImmediate(r));
    expect(h.statements).toHaveLength(1);
    const later = [
      h.announcer.announce("c1", "u1"),
      h.announcer.announce("c2", "u2"),
      h.announcer.announce("c1", "u1"),
    ];
    await new Promise((r) => setImmediate(r));
    expect(h.statements).toHaveLength(1);
    h.releaseRead();
    await Promise.all([first, ...later]);
    expect(h.statements.map((s) => s.length)).toEqual([1, 2]);
    expect(h.told).toEqual(["u0:c0", "u1:c1", "u2:c2"]);
  });

  it("reads a wave larger than a statement holds in several, one after another", async () => {
    const h = harness();
    const n = ANNOUNCE_BATCH_MAX_PAIRS * 2 + 5;
    await Promise.all(Array.from({ length: n }, (_, i) => h.announcer.announce(`c${i}`, `u${i}`)));
    expect(h.statements.map((s) => s.length)).toEqual([ANNOUNCE_BATCH_MAX_PAIRS, ANNOUNCE_BATCH_MAX_PAIRS, 5]);
    expect(h.told).toHaveLength(n);
  });

  it("tells nobody who is not in the chat, without failing the others", async () => {
    const h = harness({ missing: new Set(["gone"]) });
    await Promise.all([h.announcer.announce("c1", "gone"), h.announcer.announce("c2", "here")]);
    expect(h.told).toEqual(["here:c2"]);
  });

  it("rejects the batch's waiters when the read fails, and reads again for the next ones", async () => {
    const h = harness({ fail: true });
    const results = await Promise.allSettled([h.announcer.announce("c1", "u1"), h.announcer.announce("c2", "u2")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await expect(h.announcer.announce("c3", "u3")).rejects.toThrow("database down");
    expect(h.statements).toHaveLength(2);
  });
});
