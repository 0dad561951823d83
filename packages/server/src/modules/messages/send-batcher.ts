import { isRetryable } from "@teamchat/protocol";
import type { SQL } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import type { MessageRow } from "../../db/schema.js";
import { AppError, isTransientDbError, isUniqueViolation, toAppError } from "../../errors.js";
import type { EventOrder } from "../../realtime/ordered-queue.js";
import { insertBatchWithNextSeqs, insertWithNextSeq, type SendRowInput } from "./messages.repo.js";

/** A stored send; `newlyListedFor`: the peer whose list the direct chat enters with it. */
type StoredRow = MessageRow & { newlyListedFor: string | null };

/**
 * How long the first send of a batch waits for others (from any socket) before the batch is
 * written, by default (SEND_BATCH_WINDOW_MS); a full batch is written at once. While one batch
 * is being written, the next one gathers, so under load batches grow by themselves and at rest a
 * send waits about this long.
 */
export const SEND_BATCH_WINDOW_MS = 1;
/** Sends per statement (about 9 parameters each). */
export const SEND_BATCH_MAX = 256;

/** How long each stage of the batch took, in seconds, for the per-stage metrics. */
export type BatchTimings = { queueSeconds: number[]; storeSeconds: number; batchSize: number };

/** The send's place in its socket's line: asked before it is written, told when it fails. */
export type SendLane = Pick<EventOrder, "lane" | "refusal" | "failed">;

/** Resend delay asked of every send of a batch that could not be written. */
const BATCH_RETRY_AFTER_MS = 500;

type Job = {
  input: SendRowInput;
  lane: SendLane | undefined;
  queuedAt: number;
  resolve: (row: StoredRow | null) => void;
  reject: (err: unknown) => void;
};

/**
 * Group commit of plain sends: the sends of all sockets arriving within a short window are
 * stored in one statement, hence one commit and one round trip (`insertBatchWithNextSeqs`).
 * `store` resolves only after that commit, so acks and fan-out still follow durability. It
 * resolves null for a send that was not stored (a duplicate clientId or a refused sender): the
 * caller tells which. Only one batch is written at a time per process, so two batches never
 * lock the same chats in opposite orders, and batches commit in the order their sends arrived.
 *
 * One socket may have several sends here at once (pipelining, realtime/ordered-queue.ts). A
 * failed batch follows one rule, so nothing is half-written and nothing overtakes:
 * - the database is away (a transient error): every send of the batch is refused with the
 *   retryable UNAVAILABLE and nothing of it is stored; the client resends (deduplicated by
 *   clientId);
 * - otherwise (a send the statement cannot take): its sends are stored one at a time in arrival
 *   order, so one bad send never fails the others.
 * Either way a send refused retryably refuses, through its lane, its socket's later sends still
 * here or on their way (`SendLane.refusal`): the client resends them after it, in order.
 */
export class SendBatcher {
  private pending: Job[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing = false;
  /** Sends here now, by sender and clientId, with their lanes (for `holds`). */
  private readonly held = new Map<string, SendLane["lane"][]>();

  constructor(
    private readonly db: Db,
    private readonly observe: (timings: BatchTimings) => void = () => {},
    private readonly windowMs = SEND_BATCH_WINDOW_MS,
    /** Runs the batch statement: a prepared statement in the server (`Database.prepared`). */
    private readonly runBatch: (query: SQL) => Promise<unknown> = (query) => db.execute(query),
    /**
     * Runs the single-send statement for a batch of one, the usual case below a few hundred sends
     * a second: a prepared statement in the server. Without it, a batch of one is a batch.
     */
    private readonly runOne?: (query: SQL) => Promise<unknown>,
  ) {}

  /**
   * Whether this send (sender and clientId) of the same socket line is queued or being written
   * here: a later send naming it as `afterClientId` may follow it into the batcher, which keeps
   * their order (and refuses the later one if this one fails retryably).
   */
  holds(senderId: string, clientId: string, lane: SendLane["lane"]): boolean {
    return this.held.get(keyOf(senderId, clientId))?.includes(lane) ?? false;
  }

  store(input: SendRowInput, lane?: SendLane): Promise<StoredRow | null> {
    const refused = lane?.refusal();
    if (refused) return Promise.reject(refused);
    return new Promise((resolve, reject) => {
      const key = keyOf(input.senderId, input.clientId);
      const laneId = lane?.lane ?? {};
      this.held.set(key, [...(this.held.get(key) ?? []), laneId]);
      const settle = () => {
        const rest = (this.held.get(key) ?? []).filter((l) => l !== laneId);
        if (rest.length > 0) this.held.set(key, rest);
        else this.held.delete(key);
      };
      this.pending.push({
        input,
        lane,
        queuedAt: performance.now(),
        resolve: (row) => {
          settle();
          resolve(row);
        },
        reject: (err) => {
          settle();
          reject(err);
        },
      });
      if (this.writing) return; // written when the current batch is done
      if (this.pending.length >= SEND_BATCH_MAX) this.writeNext();
      else this.timer ??= setTimeout(() => this.writeNext(), this.windowMs);
    });
  }

  private writeNext(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing) return;
    // Sends whose socket saw an earlier send fail retryably meanwhile go back to the client.
    this.pending = this.pending.filter((job) => !refuseIfOutOfLine(job));
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, SEND_BATCH_MAX);
    this.writing = true;
    void this.write(batch).finally(() => {
      this.writing = false;
      // What gathered meanwhile has waited long enough: write it now.
      this.writeNext();
    });
  }

  private async write(batch: Job[]): Promise<void> {
    const started = performance.now();
    let rows: StoredRow[];
    try {
      rows = await this.insert(batch);
    } catch (err) {
      if (isTransientDbError(err)) this.refuseAll(batch);
      else await this.writeOneByOne(batch);
      return;
    }
    const finished = performance.now();
    const byKey = new Map(rows.map((row) => [`${row.senderId}:${row.clientId}`, row]));
    for (const job of batch) {
      const key = `${job.input.senderId}:${job.input.clientId}`;
      const row = byKey.get(key);
      // A repeat of the same clientId within the batch gets null: it is the duplicate.
      if (row) byKey.delete(key);
      job.resolve(row ?? null);
    }
    this.observe({
      queueSeconds: batch.map((job) => (started - job.queuedAt) / 1000),
      storeSeconds: (finished - started) / 1000,
      batchSize: batch.length,
    });
  }

  /**
   * One statement for the batch. A batch of one goes through the single-send statement: the
   * batch's (unnest, DISTINCT ON, a window function, nine CTEs) costs ~0.2-0.3 ms more CPU per
   * execution on PGlite even prepared, and at low rates it is paid per message
   * (docs/benchmarks.md, "A batch of one"). Same answer: the stored row, or none for a duplicate
   * or a refused sender.
   */
  private async insert(batch: Job[]): Promise<StoredRow[]> {
    const [only] = batch;
    if (batch.length > 1 || !only || !this.runOne) {
      return insertBatchWithNextSeqs(
        this.runBatch,
        batch.map((job) => job.input),
      );
    }
    try {
      const row = await insertWithNextSeq(this.runOne, only.input);
      return row ? [row] : [];
    } catch (err) {
      if (isUniqueViolation(err, "messages_sender_client_key")) return []; // a duplicate
      throw err;
    }
  }

  /** The database is away: nothing of the batch was stored; every send of it is resent. */
  private refuseAll(batch: Job[]): void {
    const cause = new AppError("UNAVAILABLE", "This message was not stored; resend it (in order)", {
      retryAfterMs: BATCH_RETRY_AFTER_MS,
    });
    // Lanes first, so no job of the batch is told before every lane refuses its later sends.
    for (const job of batch) job.lane?.failed(cause);
    for (const job of batch) job.reject(cause);
  }

  /**
   * The fallback: each send in its own statement, in arrival order, each failing alone. A send
   * refused retryably refuses its socket's later sends, here and still to come.
   */
  private async writeOneByOne(batch: Job[]): Promise<void> {
    for (const job of batch) {
      if (refuseIfOutOfLine(job)) continue;
      try {
        job.resolve(await insertWithNextSeq(this.db, job.input));
      } catch (err) {
        if (isUniqueViolation(err, "messages_sender_client_key")) {
          job.resolve(null);
          continue;
        }
        const failure = toAppError(err);
        if (isRetryable(failure.code)) job.lane?.failed(failure);
        job.reject(err);
      }
    }
  }
}

function keyOf(senderId: string, clientId: string): string {
  return `${senderId}:${clientId}`;
}

/** Refuses a send whose socket had an earlier send fail retryably since it arrived; true if so. */
function refuseIfOutOfLine(job: Job): boolean {
  const refused = job.lane?.refusal();
  if (!refused) return false;
  job.reject(refused);
  return true;
}
