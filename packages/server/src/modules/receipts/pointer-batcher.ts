import { AppError } from "../../errors.js";

/** One member's wanted pointer in one chat (already merged: the highest seq asked for in the window). */
export type PointerMark = { chatId: string; userId: string; seq: number };

/**
 * Writes a batch in one statement and answers each mark in order: its result, or null when the
 * user is not a member. Events that depend on the write go out here, after it.
 */
export type StorePointers<R> = (marks: PointerMark[]) => Promise<(R | null)[]>;

type Waiter<R> = { resolve: (result: R) => void; reject: (err: unknown) => void };
type Pending<R> = PointerMark & { waiters: Waiter<R>[] };

/**
 * Rows per statement; a larger window is written in several statements, one after another.
 * Smaller chunks (50), so that on PGlite a send waits for one chunk rather than a whole window,
 * did not change the load bench's tails beyond its noise (docs/benchmarks.md, session 9).
 */
export const POINTER_BATCH_MAX_ROWS = 1_000;

/**
 * Group commit for pointer writes (delivered, read): marks are merged per (chat, member) for a
 * short window, or until `flushAtMarks` members have one, and written in one statement per batch. Pointers only move forward, so merging
 * keeps the highest seq; every waiter of a merged mark gets the stored result (the ack still
 * reports what is stored). Batches are written one after another, so a later batch never
 * overtakes an earlier one.
 */
export class PointerBatcher<R> {
  private pending = new Map<string, Pending<R>>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly windowMs: number,
    private readonly store: StorePointers<R>,
    /** Told the row count of every statement (for /metrics). */
    private readonly observeBatch: (rows: number) => void = () => {},
    /** Marks (distinct members) that write the window at once, before its time is up. */
    private readonly flushAtMarks = POINTER_BATCH_MAX_ROWS,
  ) {}

  /** Resolves with the stored result; rejects NOT_A_MEMBER for non-members. */
  mark(chatId: string, userId: string, seq: number): Promise<R> {
    return new Promise((resolve, reject) => {
      const key = `${chatId}:${userId}`;
      const existing = this.pending.get(key);
      if (existing) {
        existing.seq = Math.max(existing.seq, seq);
        existing.waiters.push({ resolve, reject });
      } else {
        this.pending.set(key, { chatId, userId, seq, waiters: [{ resolve, reject }] });
      }
      if (this.pending.size >= this.flushAtMarks) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  /** Writes everything pending now (also called on shutdown). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      for (let i = 0; i < batch.length; i += POINTER_BATCH_MAX_ROWS)
        await this.write(batch.slice(i, i + POINTER_BATCH_MAX_ROWS));
    });
    return this.flushing;
  }

  private async write(batch: Pending<R>[]): Promise<void> {
    let results: (R | null)[];
    try {
      this.observeBatch(batch.length);
      results = await this.store(batch.map(({ chatId, userId, seq }) => ({ chatId, userId, seq })));
    } catch (err) {
      for (const mark of batch) for (const w of mark.waiters) w.reject(err);
      return;
    }
    batch.forEach((mark, i) => {
      const result = results[i] ?? null;
      for (const w of mark.waiters) {
        if (result === null) w.reject(new AppError("NOT_A_MEMBER"));
        else w.resolve(result);
      }
    });
  }
}
