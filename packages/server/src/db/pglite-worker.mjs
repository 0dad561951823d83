// PGlite's engine (WASM) runs in this worker thread so that queries never block the server's
// event loop: sockets, heartbeats and JSON work keep going on the main thread while a query
// runs here, and the two use both cores. Plain JavaScript because a worker cannot load
// TypeScript without a loader; the protocol is described in pglite-worker-client.ts.
import v8 from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, parse, protocol, types } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { DURABLE_CONF, DURABLE_START_PARAMS, makeFsyncReal } from "./pglite-durability.mjs";

const keepText = (value) => value;
// The same parsers drizzle-orm's PGlite driver passes: dates and intervals stay strings, so the
// rows are what the in-process driver would return.
const parsers = {
  [types.TIMESTAMP]: keepText,
  [types.TIMESTAMPTZ]: keepText,
  [types.INTERVAL]: keepText,
  [types.DATE]: keepText,
  1231: keepText,
  1115: keepText,
  1185: keepText,
  1187: keepText,
  1182: keepText,
};

/** Error fields worth keeping across the thread boundary (structured clone drops custom ones). */
function serializeError(err) {
  if (!err || typeof err !== "object") return { message: String(err) };
  const out = { name: err.name, message: err.message };
  for (const [key, value] of Object.entries(err)) {
    if (typeof value === "string" || typeof value === "number") out[key] = value;
  }
  return out;
}

function reply(id, result) {
  parentPort.postMessage({ id, ok: true, result });
}

function fail(id, err) {
  parentPort.postMessage({ id, ok: false, error: serializeError(err) });
}

let client;
try {
  // Extensions are code, so they cannot be sent here: the worker loads the ones we use (the
  // in-process path in database.ts passes the same list).
  // Commits are durable (fsync) in a data directory unless PGLITE_FSYNC=false; one in memory
  // has nothing to sync.
  const durable = Boolean(workerData.dataDir) && workerData.fsync !== false;
  client = await PGlite.create({
    ...(workerData.dataDir ? { dataDir: workerData.dataDir } : {}),
    extensions: { pg_trgm },
    postgresqlconf: [...(workerData.postgresqlconf ?? []), ...(durable ? DURABLE_CONF : [])],
    ...(durable ? { startParams: DURABLE_START_PARAMS } : {}),
  });
  if (durable) await makeFsyncReal(client);
} catch (err) {
  parentPort.postMessage({ ready: false, error: serializeError(err) });
  process.exit(1);
}
// Ours over the client's own, once: PGlite merges a query's `parsers` option into its table of
// ~320 parsers by copying the table on every query, which was a tenth of this thread's time for
// single sends (docs/benchmarks.md, "Session 15"). The array parsers PGlite made at start-up
// look their element parser up at call time; ours replace them outright, as the per-query
// merge did, so arrays of times stay one string.
Object.assign(client.parsers, parsers);

/** Open transactions by id: the PGlite transaction handle and how to finish it. */
const transactions = new Map();

function target(txId) {
  if (txId === undefined) return client;
  const open = transactions.get(txId);
  if (!open) throw new Error(`transaction ${txId} is not open`);
  return open.tx;
}

async function runQuery(msg) {
  const result = await target(msg.txId).query(msg.sql, msg.params ?? [], { rowMode: msg.rowMode ?? "object" });
  return { rows: result.rows, affectedRows: result.affectedRows, fields: result.fields };
}

/** Names of the statements this session has parsed (PGlite is one session for the worker's life). */
const preparedNames = new Set();

/**
 * A named prepared statement: parsed and planned once, then only bound and executed, in one
 * call into the engine (PGlite's own `query` parses, describes and plans the text on every call,
 * in six). Takes the same locks as `query`, so it never runs inside another caller's
 * transaction. Parameters are text (or null), typed by the statement's own casts.
 */
async function runPrepared(msg) {
  return client._runExclusiveTransaction(() =>
    client._runExclusiveQuery(async () => {
      const parts = [];
      const fresh = !preparedNames.has(msg.name);
      // Closing a statement that does not exist is no error: after a failed first call the
      // name may or may not have been parsed.
      if (fresh) {
        parts.push(protocol.serialize.close({ type: "S", name: msg.name }));
        parts.push(protocol.serialize.parse({ name: msg.name, text: msg.sql }));
      }
      const values = (msg.params ?? []).map((v) => (v === null || v === undefined ? null : String(v)));
      parts.push(
        protocol.serialize.bind({ statement: msg.name, values }),
        protocol.serialize.describe({ type: "P" }),
        protocol.serialize.execute({}),
      );
      let messages;
      try {
        messages = await client.execProtocolStream(concat(parts), { syncToFs: false });
        preparedNames.add(msg.name);
      } catch (err) {
        preparedNames.delete(msg.name);
        throw err;
      } finally {
        // Ends the implicit transaction and, after an error, the skipping of what followed it.
        await client.execProtocolStream(protocol.serialize.sync(), { syncToFs: false, throwOnError: false });
      }
      const [result] = parse.parseResults(messages, client.parsers, { rowMode: msg.rowMode ?? "object" });
      return { rows: result?.rows ?? [], affectedRows: result?.affectedRows, fields: result?.fields ?? [] };
    }),
  );
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function begin(id) {
  // PGlite holds its connection for the whole callback: other queries queue behind it, exactly
  // as they do in-process. The callback waits until the main thread says commit or roll back.
  const done = client.transaction(
    (tx) =>
      new Promise((resolve, reject) => {
        transactions.set(id, { tx, resolve, reject });
        reply(id, id);
      }),
  );
  done.catch(() => {});
  return done;
}

const finishing = new Map();

async function end(msg) {
  const open = transactions.get(msg.txId);
  if (!open) throw new Error(`transaction ${msg.txId} is not open`);
  transactions.delete(msg.txId);
  const done = finishing.get(msg.txId);
  finishing.delete(msg.txId);
  if (msg.commit) {
    open.resolve();
    await done;
  } else {
    open.reject(new Error("rolled back"));
    await done.catch(() => {});
  }
}

/**
 * This thread's share of the process's memory: the engine's WASM memory (it grows and never
 * shrinks) and this isolate's own JS heap. `mod` is PGlite's Emscripten module (not typed).
 */
function memoryOf() {
  const heap = v8.getHeapStatistics();
  return {
    wasmMemoryBytes: client.mod?.HEAPU8?.buffer.byteLength ?? 0,
    heapUsedBytes: heap.used_heap_size,
    heapTotalBytes: heap.total_heap_size,
    externalBytes: heap.external_memory,
  };
}

parentPort.on("message", (msg) => {
  switch (msg.op) {
    case "query":
      runQuery(msg).then(
        (result) => reply(msg.id, result),
        (err) => fail(msg.id, err),
      );
      return;
    case "prepared":
      runPrepared(msg).then(
        (result) => reply(msg.id, result),
        (err) => fail(msg.id, err),
      );
      return;
    case "exec":
      target(msg.txId)
        .exec(msg.script)
        .then(
          () => reply(msg.id, null),
          (err) => fail(msg.id, err),
        );
      return;
    case "begin":
      finishing.set(msg.id, begin(msg.id));
      finishing.get(msg.id).catch((err) => {
        // The transaction failed before the main thread ended it (BEGIN itself failed).
        if (!transactions.has(msg.id) && finishing.has(msg.id)) {
          finishing.delete(msg.id);
          fail(msg.id, err);
        }
      });
      return;
    case "end":
      end(msg).then(
        () => reply(msg.id, null),
        (err) => fail(msg.id, err),
      );
      return;
    case "memory":
      reply(msg.id, memoryOf());
      return;
    case "close":
      client.close().then(
        () => reply(msg.id, null),
        (err) => fail(msg.id, err),
      );
      return;
    default:
      fail(msg.id, new Error(`unknown operation ${msg.op}`));
  }
});

parentPort.postMessage({ ready: true });
