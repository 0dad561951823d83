// Makes PGlite's commits durable. Out of the box PGlite starts PostgreSQL with `-F` (fsync off),
// and its file system (Emscripten's NODEFS, a pass-through to the real files) has no fsync at
// all: a commit's WAL reached the OS page cache and nothing more, so `kill -9` lost nothing but
// a power cut or kernel crash could lose acknowledged messages. With these, PostgreSQL's own
// sync points (each commit's WAL flush, a checkpoint's data files and directories) become real
// fsyncs, as on a PostgreSQL server. Plain JavaScript: the worker thread and the in-process
// client both use it (pglite-worker.mjs, database.ts).
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";

/** PGlite's start parameters without `-F`, so PostgreSQL runs with fsync on. */
export const DURABLE_START_PARAMS = PGlite.defaultStartParams.filter((param) => param !== "-F");

/**
 * Emscripten's libc turns fdatasync() (PostgreSQL's default WAL sync on Linux) into a no-op that
 * never reaches the file system; fsync() does reach it.
 */
export const DURABLE_CONF = ["wal_sync_method = fsync"];

/**
 * Gives the data directory's file system a real fsync. Call right after `PGlite.create` with
 * DURABLE_START_PARAMS and DURABLE_CONF; the CHECKPOINT then makes durable whatever start-up
 * (crash recovery included) wrote while the sync was still a no-op. A data directory in memory
 * (none given) has nothing to sync: false, and nothing changes.
 */
export async function makeFsyncReal(client) {
  const { FS } = client.Module;
  const fileSystem = FS.lookupPath(PGlite.paths.PGDATA).node.mount.type;
  // Only NODEFS maps a node to a real path; memory file systems keep no files to sync.
  if (typeof fileSystem.realPath !== "function") return false;
  fileSystem.stream_ops.fsync = (stream) => {
    // A failure reaches PostgreSQL as the errno it is (it then stops rather than carry on with
    // data it cannot vouch for), not as an exception that would tear down the WASM instance.
    fileSystem.tryFSOperation(() => {
      // Directories (a new WAL segment's name) need their metadata; a file's data is enough.
      if (FS.isDir(stream.node.mode)) fs.fsyncSync(stream.nfd);
      else fs.fdatasyncSync(stream.nfd);
    });
    return 0;
  };
  await client.exec("CHECKPOINT");
  return true;
}

/**
 * Every file and directory under `dir` synced to disk: what a new data directory's initdb wrote
 * (with fsync off, as PGlite runs it) is durable before the server opens it and takes writes.
 */
export function syncTree(dir) {
  const fd = fs.openSync(dir, "r");
  try {
    if (fs.fstatSync(fd).isDirectory()) {
      for (const entry of fs.readdirSync(dir)) syncTree(`${dir}/${entry}`);
      fs.fsyncSync(fd); // after its entries: their names are in it
    } else fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
