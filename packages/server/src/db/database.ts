import fs from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { type PgDatabase, PgDialect, type PgQueryResultHKT, type PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { PgliteWorkerClient } from "./pglite-worker-client.js";
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
   * A hot statement (the message insert) as a named prepared statement on PostgreSQL: parsed and
   * planned once per pooled connection instead of on every call. PGlite runs it as is. Answers
   * `{ rows }` like `execute`. The statement's text must not vary between calls of one name.
   */
  prepared(name: string, query: SQL): Promise<{ rows: unknown[] }>;
  /** Runs a multi-statement SQL script without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Runs `fn` while holding a cluster-wide lock (one migrator at a time across nodes). */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export type DatabaseOptions =
  | {
      kind: "pglite";
      dataDir: string | null;
      /**
       * "worker" (default): PGlite runs in a worker thread, so a query never blocks sockets and
       * heartbeats, and the engine gets the second core. "main": in-process, for comparison.
       */
      thread?: "worker" | "main";
    }
  | { kind: "postgres"; url: string; poolSize: number };

const MIGRATION_LOCK_KEY = 727_274_001;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === "pglite"
    ? openPglite(options.dataDir, options.thread ?? "worker")
    : openPostgres(options.url, options.poolSize);
}

async function openPglite(dataDir: string | null, thread: "worker" | "main"): Promise<Database> {
  if (dataDir) await fs.mkdir(path.dirname(dataDir), { recursive: true });
  // pg_trgm (search by part of a word) ships as a separate contrib bundle in PGlite; the worker
  // loads it too (pglite-worker.mjs).
  const client =
    thread === "worker"
      ? await PgliteWorkerClient.start(dataDir)
      : await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { pg_trgm } });
  // drizzle's PGlite driver only calls query() and transaction(), which the worker client answers.
  const db = drizzlePglite({ client: client as PGlite, schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    relaxedDb: db,
    prepared: async (_name, query) => ({ rows: rowsOf(await db.execute(query)) }),
    exec: async (script) => {
      await client.exec(script);
    },
    // PGlite is a single in-process connection: only this process can migrate it.
    withMigrationLock: (fn) => fn(),
    ping: async () => {
      await client.query("SELECT 1");
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
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
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  relaxedPool.on("error", () => {});
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  const relaxedDb = drizzleNodePg({ client: relaxedPool, schema }) as unknown as Db;
  const dialect = new PgDialect();
  return {
    kind: "postgres",
    prepared: (name, query) => {
      const { sql: text, params } = dialect.sqlToQuery(query);
      return pool.query({ name, text, values: params });
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
    close: async () => {
      await Promise.all([pool.end(), relaxedPool.end()]);
    },
  };
}

/** Rows of a raw `execute()` result; both drivers answer `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
