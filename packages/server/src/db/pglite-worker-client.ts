import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";

/**
 * The slice of PGlite's client that drizzle-orm's PGlite driver uses (`query`, `transaction`),
 * answered by a PGlite running in a worker thread (pglite-worker.mjs).
 *
 * Messages to the worker: `{ id, op: "query", sql, params, rowMode, txId? }`,
 * `{ id, op: "prepared", name, sql, params, rowMode }` (a named prepared statement, outside transactions),
 * `{ id, op: "exec", script, txId? }`, `{ id, op: "begin" }` (answers with the transaction id),
 * `{ id, op: "end", txId, commit }`, `{ id, op: "memory" }` (PgliteMemory), `{ id, op: "close" }`. Answers: `{ id, ok, result | error }`.
 */
export interface PgliteLikeClient {
  query(sql: string, params?: unknown[], options?: { rowMode?: "object" | "array" }): Promise<QueryResult>;
  exec(script: string): Promise<void>;
  transaction<T>(fn: (tx: PgliteLikeClient) => Promise<T>): Promise<T>;
}

interface QueryResult {
  rows: unknown[];
  affectedRows?: number;
  fields: { name: string; dataTypeID: number }[];
}

type Request =
  | { op: "query"; sql: string; params: unknown[]; rowMode: "object" | "array"; txId?: number }
  | { op: "prepared"; name: string; sql: string; params: unknown[]; rowMode: "object" | "array" }
  | { op: "exec"; script: string; txId?: number }
  | { op: "begin" }
  | { op: "end"; txId: number; commit: boolean }
  | { op: "memory" }
  | { op: "close" };

/** The PGlite thread's memory, for /metrics (bytes). */
export type PgliteMemory = {
  wasmMemoryBytes: number;
  /** The worker isolate's JS heap (0 when PGlite runs on the main thread: it is the main heap). */
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
};

type Answer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: Record<string, unknown> };

/** Rebuilds the database error with its fields (code, constraint, detail…) for the callers' checks. */
function reviveError(fields: Record<string, unknown>): Error {
  const err = new Error(String(fields.message ?? "PGlite error"));
  Object.assign(err, fields);
  return err;
}

export class PgliteWorkerClient implements PgliteLikeClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (answer: Answer) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (answer.ok) waiting.resolve(answer.result);
      else waiting.reject(reviveError(answer.error));
    });
    const die = (err: Error) => {
      // "admin shutdown": callers treat it as a transient database error (retryable UNAVAILABLE).
      this.failure = Object.assign(new Error(`PGlite worker stopped: ${err.message}`), { code: "57P01" });
      for (const waiting of this.pending.values()) waiting.reject(this.failure);
      this.pending.clear();
    };
    worker.on("error", die);
    worker.on("exit", (code) => die(new Error(`exit code ${code}`)));
  }

  /**
   * A new data directory is created (initdb) by a child process that then exits: what the
   * initialisation leaves in a process's memory goes with it. In a worker thread of ours (as
   * before) ~90 MiB stayed: glibc keeps the freed heap of an ended thread (docs/benchmarks.md).
   */
  static async start(
    dataDir: string | null,
    postgresqlconf: string[] = [],
    youngGenerationMb = 0,
    /** Commits synced to disk (pglite-durability.mjs). */
    fsync = true,
  ): Promise<PgliteWorkerClient> {
    if (dataDir && !existsSync(path.join(dataDir, "PG_VERSION"))) {
      const script = fileURLToPath(new URL("./pglite-initdb.mjs", import.meta.url));
      await promisify(execFile)(process.execPath, [script, dataDir, JSON.stringify(postgresqlconf)], {
        timeout: 300_000,
      });
    }
    return PgliteWorkerClient.startWorker(dataDir, postgresqlconf, youngGenerationMb, fsync);
  }

  private static async startWorker(
    dataDir: string | null,
    postgresqlconf: string[],
    youngGenerationMb: number,
    fsync: boolean,
  ): Promise<PgliteWorkerClient> {
    const worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), {
      workerData: { dataDir, postgresqlconf, fsync },
      ...(youngGenerationMb > 0 && { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } }),
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: boolean; error?: Record<string, unknown> }) => {
        if (message.ready === undefined) return;
        worker.off("message", onMessage);
        worker.off("error", reject);
        if (message.ready) resolve();
        else reject(reviveError(message.error ?? {}));
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
    return new PgliteWorkerClient(worker);
  }

  private call<T>(request: Request): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, ...request });
    });
  }

  query(sql: string, params: unknown[] = [], options?: { rowMode?: "object" | "array" }): Promise<QueryResult> {
    return this.call({ op: "query", sql, params, rowMode: options?.rowMode ?? "object" });
  }

  /**
   * `sql` as the named statement `name` of the engine's one session: parsed and planned on first
   * use only. The text must not vary between calls of one name.
   */
  prepared(name: string, sql: string, params: unknown[] = []): Promise<QueryResult> {
    return this.call({ op: "prepared", name, sql, params, rowMode: "object" });
  }

  exec(script: string): Promise<void> {
    return this.call({ op: "exec", script });
  }

  async transaction<T>(fn: (tx: PgliteLikeClient) => Promise<T>): Promise<T> {
    const txId = await this.call<number>({ op: "begin" });
    const tx: PgliteLikeClient = {
      query: (sql, params = [], options) =>
        this.call({ op: "query", sql, params, rowMode: options?.rowMode ?? "object", txId }),
      exec: (script) => this.call({ op: "exec", script, txId }),
      transaction: () => Promise.reject(new Error("nested transactions use savepoints")),
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      await this.call({ op: "end", txId, commit: false }).catch(() => {});
      throw err;
    }
    await this.call({ op: "end", txId, commit: true });
    return result;
  }

  memory(): Promise<PgliteMemory> {
    return this.call({ op: "memory" });
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call({ op: "close" }).catch(() => {});
    await this.worker.terminate();
  }
}
