import fs from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { is, SQL } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { type PgDatabase, PgDialect, type PgQueryResultHKT, type PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { DURABLE_CONF, DURABLE_START_PARAMS, makeFsyncReal, syncTree } from "./pglite-durability.mjs";
import { type PgliteMemory, PgliteWorkerClient } from "./pglite-worker-client.js";
import * as schema from "./schema.js";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = PgTransaction<PgQueryResultHKT, typeof schema>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

/** The embedded (PGlite) and server (PostgreSQL) storages behind one face. */
export interface Database {
  readonly kind: "pglite" | "postgres";
  readonly db: Db;
  /**
   * For writes whose loss in a crash is harmless because clients resend them and they only
   * move forward (receipt pointers): on PostgreSQL a pool with synchronous_commit off, so they
   * do not wait for a WAL flush. Never for messages.
   */
  readonly relaxedDb: Db;
  /**
   * A hot statement as a named prepared statement: parsed and planned once per connection
   * (PostgreSQL: per pooled connection; PGlite in its worker: once for its one session) instead
   * of on every call. Answers `{ rows }` as `execute` does (times as text for drizzle's
   * mappers). The statement's text must not vary between calls of one name; `{ text, params }`
   * (placeholders `$1`…) skips building it from a query on every call. Never inside a transaction.
   */
  prepared(name: string, query: SQL | PreparedQuery): Promise<{ rows: unknown[] }>;
  /**
   * `prepared` for the group commit of sends (send-batcher.ts), which writes one batch at a
   * time: on PostgreSQL a connection of its own, so a burst of reads that fills the pool (a
   * reconnect storm's chat lists, a wave of new chats' announcements) never queues a send
   * behind it. PGlite has one session: the same as `prepared`.
   */
  sendPrepared(name: string, query: SQL | PreparedQuery): Promise<{ rows: unknown[] }>;
  /** `prepared` on `relaxedDb`'s connections (receipt pointer batches). */
  relaxedPrepared(name: string, query: SQL | PreparedQuery): Promise<{ rows: unknown[] }>;
  /** Runs a multi-statement SQL script without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Runs `fn` while holding a cluster-wide lock (one migrator at a time across nodes). */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  poolStats(): { total: number; idle: number; waiting: number };
  /** The embedded engine's memory (PGlite), for /metrics; null on PostgreSQL (another process). */
  engineMemory(): Promise<PgliteMemory | null>;
  close(): Promise<void>;
}

/** Runs one statement: `db.execute`, or a prepared statement on the hot paths (`Database.prepared`). */
export type StatementRunner = (query: SQL) => Promise<unknown>;

/** A statement's fixed text and this call's parameters. */
export type PreparedQuery = { text: string; params: unknown[] };

export type DatabaseOptions =
  | {
      kind: "pglite";
      dataDir: string | null;
      /**
       * "worker" (default): PGlite runs in a worker thread, so a query never blocks sockets and
       * heartbeats, and the engine gets the second core. "main": in-process, for comparison.
       */
      thread?: "worker" | "main";
      /** PostgreSQL's buffer pool inside PGlite's WASM memory (PGLITE_SHARED_BUFFERS_MB). */
      sharedBuffersMb?: number;
      /** Commits synced to disk (PGLITE_FSYNC; pglite-durability.mjs); true by default. */
      fsync?: boolean;
      /** The worker thread's V8 young generation (PGLITE_WORKER_YOUNG_GENERATION_MB); 0: V8's default. */
      workerYoungGenerationMb?: number;
    }
  | { kind: "postgres"; url: string; poolSize: number };

const MIGRATION_LOCK_KEY = 727_274_001;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === "pglite"
    ? openPglite(options.dataDir, options.thread ?? "worker", {
        sharedBuffersMb: options.sharedBuffersMb ?? PGLITE_SHARED_BUFFERS_MB,
        youngGenerationMb: options.workerYoungGenerationMb ?? 0,
        fsync: options.fsync ?? true,
      })
    : openPostgres(options.url, options.poolSize);
}

/**
 * PGlite's own default is PostgreSQL's 128 MB, all of it touched at start inside the WASM memory
 * (server RSS ~120 MB more than with 32 MB; docs/benchmarks.md, "Memory"). A miss is a read of
 * the data file through the OS page cache, not a disk seek.
 */
export const PGLITE_SHARED_BUFFERS_MB = 32;

/** PGlite in this thread (for comparison only), durable like the worker's (pglite-durability.mjs). */
async function openInProcess(dataDir: string | null, postgresqlconf: string[], fsync: boolean): Promise<PGlite> {
  if (!dataDir || !fsync)
    return PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { pg_trgm }, postgresqlconf });
  const client = await PGlite.create({
    dataDir,
    extensions: { pg_trgm },
    postgresqlconf: [...postgresqlconf, ...DURABLE_CONF],
    startParams: DURABLE_START_PARAMS,
  });
  await makeFsyncReal(client);
  // A new data directory's initdb ran in this process with fsync off (the worker's path runs it
  // in a child that syncs it: pglite-initdb.mjs).
  syncTree(dataDir);
  return client;
}

/** PGlite's Emscripten module, which its types keep private. */
type PgliteModule = { mod?: { HEAPU8: Uint8Array } };

async function openPglite(
  dataDir: string | null,
  thread: "worker" | "main",
  memory: { sharedBuffersMb: number; youngGenerationMb: number; fsync: boolean },
): Promise<Database> {
  if (dataDir) await fs.mkdir(path.dirname(dataDir), { recursive: true });
  // PGlite never checkpoints on a timer, so it recycles no WAL file: at 1,000 sends/s it creates
  // a 16 MB one every ~4 s, and zero-filling it through its file system stalled every send behind
  // it for ~50 ms (the load bench's p99 70-74 ms, 52 with this; docs/benchmarks.md, session 14).
  // Unfilled files are as safe: a commit still fsyncs its records (pglite-durability.mjs), and
  // recovery stops at the first record whose checksum fails, as it does in a recycled file.
  const postgresqlconf = [`shared_buffers = ${memory.sharedBuffersMb}MB`, "wal_init_zero = off"];
  // pg_trgm (search by part of a word) ships as a separate contrib bundle in PGlite; the worker
  // loads it too (pglite-worker.mjs).
  const client =
    thread === "worker"
      ? await PgliteWorkerClient.start(dataDir, postgresqlconf, memory.youngGenerationMb, memory.fsync)
      : await openInProcess(dataDir, postgresqlconf, memory.fsync);
  // drizzle's PGlite driver only calls query() and transaction(), which the worker client answers.
  const db = drizzlePglite({ client: client as PGlite, schema }) as unknown as Db;
  const dialect = new PgDialect();
  const prepared: Database["prepared"] = async (name, query) => {
    const { text, params } = preparedQuery(dialect, query);
    // In-process PGlite (for comparison only) runs it as an unnamed statement.
    return client instanceof PgliteWorkerClient
      ? client.prepared(name, text, params)
      : client.query(text, params, { parsers: TIMES_AS_TEXT_PGLITE });
  };
  return {
    kind: "pglite",
    db,
    relaxedDb: db,
    prepared,
    sendPrepared: prepared,
    relaxedPrepared: prepared,
    exec: async (script) => {
      await client.exec(script);
    },
    // PGlite is a single in-process connection: only this process can migrate it.
    withMigrationLock: (fn) => fn(),
    ping: async () => {
      await client.query("SELECT 1");
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    engineMemory: async () =>
      client instanceof PgliteWorkerClient
        ? client.memory()
        : {
            // On the main thread the engine's JS lives in the main heap, which Node's own metrics show.
            wasmMemoryBytes: (client as unknown as PgliteModule).mod?.HEAPU8.buffer.byteLength ?? 0,
            heapUsedBytes: 0,
            heapTotalBytes: 0,
            externalBytes: 0,
          },
    close: () => client.close(),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const common = { connectionString: url, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 };
  // JIT compiles expensive-looking plans; our queries are short OLTP ones, where compiling took
  // 149 of 181 ms of the chat-list query in the benchmark (docs/benchmarks.md).
  const pool = new pg.Pool({ ...common, max: poolSize, application_name: "teamchat", options: "-c jit=off" });
  const relaxedPool = new pg.Pool({
    ...common,
    max: Math.max(2, Math.ceil(poolSize / 4)),
    application_name: "teamchat-relaxed",
    options: "-c jit=off -c synchronous_commit=off",
  });
  // The group commit writes one batch at a time (send-batcher.ts): one connection, never
  // waiting for the main pool. Durable like the main pool.
  const sendPool = new pg.Pool({ ...common, max: 1, application_name: "teamchat-send", options: "-c jit=off" });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  relaxedPool.on("error", () => {});
  sendPool.on("error", () => {});
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  const relaxedDb = drizzleNodePg({ client: relaxedPool, schema }) as unknown as Db;
  const dialect = new PgDialect();
  return {
    kind: "postgres",
    prepared: (name, query) => {
      const { text, params } = preparedQuery(dialect, query);
      return pool.query({ name, text, values: params, types: TIMES_AS_TEXT_PG });
    },
    sendPrepared: (name, query) => {
      const { text, params } = preparedQuery(dialect, query);
      return sendPool.query({ name, text, values: params, types: TIMES_AS_TEXT_PG });
    },
    relaxedPrepared: (name, query) => {
      const { text, params } = preparedQuery(dialect, query);
      return relaxedPool.query({ name, text, values: params, types: TIMES_AS_TEXT_PG });
    },
    db,
    relaxedDb,
    exec: async (script) => {
      await pool.query(script);
    },
    withMigrationLock: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        return await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    ping: async () => {
      await pool.query("SELECT 1");
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    engineMemory: async () => null,
    close: async () => {
      await Promise.all([pool.end(), relaxedPool.end(), sendPool.end()]);
    },
  };
}

function preparedQuery(dialect: PgDialect, query: SQL | PreparedQuery): PreparedQuery {
  if (!is(query, SQL)) return query;
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, params };
}

/**
 * Date, time and interval types the drivers hand over as text, as drizzle's drivers configure
 * them (its column mappers expect the text): timestamp, timestamptz, date, interval and the arrays
 * drizzle lists with them.
 */
const TEXT_TYPE_IDS = [1114, 1184, 1082, 1186, 1231, 1115, 1185, 1187, 1182];
const keepText = (value: unknown) => value;
const TIMES_AS_TEXT_PGLITE = Object.fromEntries(TEXT_TYPE_IDS.map((id) => [id, keepText]));
const TIMES_AS_TEXT_PG = {
  getTypeParser: ((id: number, format?: "text" | "binary") =>
    TEXT_TYPE_IDS.includes(id) ? keepText : pg.types.getTypeParser(id, format)) as typeof pg.types.getTypeParser,
};

/** Rows of a raw `execute()` result; both drivers answer `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
