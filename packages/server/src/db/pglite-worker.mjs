// PGlite's engine (WASM) runs in this worker thread so that queries never block the server's
// event loop: sockets, heartbeats and JSON work keep going on the main thread while a query
// runs here, and the two use both cores. Plain JavaScript because a worker cannot load
// TypeScript without a loader; the protocol is described in pglite-worker-client.ts.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, types } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

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
  client = await PGlite.create({
    ...(workerData.dataDir ? { dataDir: workerData.dataDir } : {}),
    extensions: { pg_trgm },
  });
} catch (err) {
  parentPort.postMessage({ ready: false, error: serializeError(err) });
  process.exit(1);
}

/** Open transactions by id: the PGlite transaction handle and how to finish it. */
const transactions = new Map();

function target(txId) {
  if (txId === undefined) return client;
  const open = transactions.get(txId);
  if (!open) throw new Error(`transaction ${txId} is not open`);
  return open.tx;
}

async function runQuery(msg) {
  const result = await target(msg.txId).query(msg.sql, msg.params ?? [], { rowMode: msg.rowMode ?? "object", parsers });
  return { rows: result.rows, affectedRows: result.affectedRows, fields: result.fields };
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

parentPort.on("message", (msg) => {
  switch (msg.op) {
    case "query":
      runQuery(msg).then(
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
