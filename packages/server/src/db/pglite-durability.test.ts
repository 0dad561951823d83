import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDatabase } from "./database.js";
import { DURABLE_CONF, DURABLE_START_PARAMS, makeFsyncReal, syncTree } from "./pglite-durability.mjs";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pglite-durability-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function show(query: (sql: string) => Promise<{ rows: unknown[] }>, setting: string): Promise<string> {
  const { rows } = await query(`SHOW ${setting}`);
  return Object.values(rows[0] as Record<string, string>)[0] as string;
}

describe("PGlite durability", () => {
  it("a commit syncs its WAL to disk, a read syncs nothing, a checkpoint syncs data files and directories", async () => {
    const client = await PGlite.create({
      dataDir: path.join(tempDir(), "db"),
      postgresqlconf: DURABLE_CONF,
      startParams: DURABLE_START_PARAMS,
    });
    try {
      expect(await makeFsyncReal(client)).toBe(true);
      expect(await show((sql) => client.query(sql), "fsync")).toBe("on");
      await client.exec("CREATE TABLE notes (id serial PRIMARY KEY, body text)");
      const dataSyncs = vi.spyOn(fs, "fdatasyncSync");
      const fullSyncs = vi.spyOn(fs, "fsyncSync");

      await client.query("INSERT INTO notes (body) VALUES ($1)", ["kept"]);
      expect(dataSyncs).toHaveBeenCalledTimes(1); // the commit's WAL

      dataSyncs.mockClear();
      await client.query("SELECT count(*) FROM notes");
      expect(dataSyncs).not.toHaveBeenCalled();

      await client.exec("CHECKPOINT");
      expect(dataSyncs.mock.calls.length).toBeGreaterThan(1); // the table's files, pg_control
      expect(fullSyncs).toHaveBeenCalled(); // directories
    } finally {
      await client.close();
    }
  });

  it("out of the box PGlite syncs nothing (what this module exists for)", async () => {
    const client = await PGlite.create({ dataDir: path.join(tempDir(), "db") });
    try {
      expect(await show((sql) => client.query(sql), "fsync")).toBe("off");
      const dataSyncs = vi.spyOn(fs, "fdatasyncSync");
      const fullSyncs = vi.spyOn(fs, "fsyncSync");
      await client.exec("CREATE TABLE notes (id serial PRIMARY KEY); INSERT INTO notes DEFAULT VALUES; CHECKPOINT");
      expect(dataSyncs).not.toHaveBeenCalled();
      expect(fullSyncs).not.toHaveBeenCalled();
    } finally {
      await client.close();
    }
  });

  it("a data directory in memory is left as it is", async () => {
    const client = await PGlite.create();
    try {
      expect(await makeFsyncReal(client)).toBe(false);
    } finally {
      await client.close();
    }
  });

  it("the server's PGlite, in its worker thread and in process, runs with fsync on through fsync()", async () => {
    for (const thread of ["worker", "main"] as const) {
      const database = await openDatabase({ kind: "pglite", dataDir: path.join(tempDir(), "db"), thread });
      try {
        const query = async (sql: string) => database.db.execute(sql) as Promise<{ rows: unknown[] }>;
        expect(await show(query, "fsync"), thread).toBe("on");
        expect(await show(query, "wal_sync_method"), thread).toBe("fsync");
      } finally {
        await database.close();
      }
    }
  });

  it("syncTree syncs every file and directory of a tree", () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, "a/b"), { recursive: true });
    fs.writeFileSync(path.join(root, "a/one"), "1");
    fs.writeFileSync(path.join(root, "a/b/two"), "2");
    const dataSyncs = vi.spyOn(fs, "fdatasyncSync");
    const fullSyncs = vi.spyOn(fs, "fsyncSync");
    syncTree(root);
    expect(dataSyncs).toHaveBeenCalledTimes(2);
    expect(fullSyncs).toHaveBeenCalledTimes(3);
  });
});
