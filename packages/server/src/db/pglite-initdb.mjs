// Creates a new PGlite data directory (initdb) in a process of its own, then exits. Run by
// PgliteWorkerClient.start (pglite-worker-client.ts) before the server's PGlite opens the
// directory: what initdb leaves in a process's memory (~90 MiB of RSS that glibc keeps after a
// worker thread ends, ~900 MiB at its peak) leaves with the process. Plain JavaScript, like the
// worker. Usage: node pglite-initdb.mjs <dataDir> <postgresql.conf lines as JSON>
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { syncTree } from "./pglite-durability.mjs";

const [dataDir, conf = "[]"] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: pglite-initdb.mjs <dataDir> [postgresqlconf JSON]");
const client = await PGlite.create({ dataDir, extensions: { pg_trgm }, postgresqlconf: JSON.parse(conf) });
await client.close();
// Written with fsync off: made durable before the server opens it (~0.2 s for ~1,000 files).
syncTree(dataDir);
// Its own name too, in the parent directory (only that entry: the parent holds uploads and more).
const parent = fs.openSync(path.dirname(dataDir), "r");
fs.fsyncSync(parent);
fs.closeSync(parent);
