import { describe, expect, it } from "vitest";
import { POINTER_BATCH_MAX_ROWS, PointerBatcher, type PointerMark } from "./pointer-batcher.js";

/** A batcher over an in-memory store that records every statement it was asked to write. */
function recording(members: Set<string>, windowMs = 5, flushAtMarks?: number) {
  const statements: PointerMark[][] = [];
  const observed: number[] = [];
  const batcher = new PointerBatcher<number>(
    windowMs,
    async (marks) => {
      statements.push(marks);
      return marks.map((m) => (members.has(m.userId) ? m.seq : null));
    },
    (rows) => observed.push(rows),
    flushAtMarks,
  );
  return { batcher, statements, observed };
}

describe("PointerBatcher", () => {
  it("merges marks per chat and member within the window: one statement, the highest seq for every waiter", async () => {
    const { batcher, statements, observed } = recording(new Set(["u1", "u2"]));
    const acks = await Promise.all([
      batcher.mark("c1", "u1", 3),
      batcher.mark("c1", "u1", 7),
      batcher.mark("c1", "u1", 5),
      batcher.mark("c1", "u2", 2),
      batcher.mark("c2", "u1", 1),
    ]);
    expect(acks).toEqual([7, 7, 7, 2, 1]);
    expect(statements).toEqual([
      [
        { chatId: "c1", userId: "u1", seq: 7 },
        { chatId: "c1", userId: "u2", seq: 2 },
        { chatId: "c2", userId: "u1", seq: 1 },
      ],
    ]);
    expect(observed).toEqual([3]);
  });

  it("a window that reaches its mark limit is written at once, not when its time is up", async () => {
    const members = new Set(["u1", "u2", "u3", "u4", "u5"]);
    const { batcher, statements } = recording(members, 60_000, 2);
    // A repeat of a pending member's mark is merged, so it does not count toward the limit.
    const first = Promise.all([batcher.mark("c", "u1", 1), batcher.mark("c", "u1", 2), batcher.mark("c", "u2", 1)]);
    expect(await first).toEqual([2, 2, 1]);
    const second = Promise.all([batcher.mark("c", "u3", 4), batcher.mark("c", "u4", 4)]);
    expect(await second).toEqual([4, 4]);
    const last = batcher.mark("c", "u5", 9);
    await new Promise((r) => setTimeout(r, 20));
    expect(statements.map((s) => s.map((m) => m.userId))).toEqual([
      ["u1", "u2"],
      ["u3", "u4"],
    ]);
    await batcher.flush();
    expect(await last).toBe(9);
  });

  it("a non-member's marks fail NOT_A_MEMBER without failing the others", async () => {
    const { batcher } = recording(new Set(["u1"]));
    const [mine, theirs] = await Promise.allSettled([batcher.mark("c1", "u1", 1), batcher.mark("c1", "stranger", 1)]);
    expect(mine).toEqual({ status: "fulfilled", value: 1 });
    expect(theirs).toMatchObject({ status: "rejected", reason: { code: "NOT_A_MEMBER" } });
  });

  it("a failed statement fails every mark of its batch, and the next batch is written", async () => {
    let fail = true;
    const batcher = new PointerBatcher<number>(1, async (marks) => {
      if (fail) throw new Error("database down");
      return marks.map((m) => m.seq);
    });
    await expect(Promise.all([batcher.mark("c", "a", 1), batcher.mark("c", "b", 1)])).rejects.toThrow("database down");
    fail = false;
    expect(await batcher.mark("c", "a", 2)).toBe(2);
  });

  it("flush writes at once, in order after any batch still being written; large windows split into statements", async () => {
    const n = 2 * POINTER_BATCH_MAX_ROWS + 20;
    const { batcher, statements } = recording(new Set(Array.from({ length: n }, (_, i) => `u${i}`)), 60_000);
    const acks = Promise.all(Array.from({ length: n }, (_, i) => batcher.mark("c", `u${i}`, i)));
    await batcher.flush();
    expect(statements.map((s) => s.length)).toEqual([POINTER_BATCH_MAX_ROWS, POINTER_BATCH_MAX_ROWS, 20]);
    expect((await acks).at(-1)).toBe(n - 1);
  });

  it("a large window's statements are issued one at a time (PGlite runs other work between them)", async () => {
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const batcher = new PointerBatcher<number>(60_000, (marks) => {
      started.push(marks.length);
      return new Promise((resolve) => finish.push(() => resolve(marks.map((m) => m.seq))));
    });
    const n = POINTER_BATCH_MAX_ROWS + 1;
    const acks = Promise.all(Array.from({ length: n }, (_, i) => batcher.mark("c", `u${i}`, i)));
    const flushed = batcher.flush();
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([POINTER_BATCH_MAX_ROWS]);
    finish[0]?.();
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([POINTER_BATCH_MAX_ROWS, 1]);
    finish[1]?.();
    await flushed;
    expect((await acks).length).toBe(n);
  });
});
