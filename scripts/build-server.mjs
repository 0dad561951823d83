// Builds the server into plain JavaScript, packages/server/dist/bin/main.mjs, so production runs
// `node packages/server/dist/bin/main.mjs` instead of `node --import tsx …/main.ts`. tsx compiles
// TypeScript on the fly through loader hooks that Node 20 runs on a thread of their own, for the
// life of the process: ~70 MiB of RSS that the server never needs after start-up
// (docs/benchmarks.md, "Memory at 1,000 users"). Our own code and @teamchat/protocol are bundled;
// every npm dependency stays an import (native modules, lazily loaded ones like sharp).
//
// The bundle sits at the same depth as src/<area>/, so the paths the code builds from
// import.meta.url hold: ./pglite-worker.mjs, ./pglite-initdb.mjs, ./pglite-durability.mjs and ./migrations are copied beside it, and
// ../../../web/dist is packages/web/dist from both.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const server = path.join(root, "packages/server");
const out = path.join(server, "dist/bin");
const readJson = async (file) => JSON.parse(await fs.readFile(file, "utf8"));
const dependencies = async (dir) => Object.keys((await readJson(path.join(dir, "package.json"))).dependencies ?? {});
const external = [
  ...(await dependencies(server)),
  ...(await dependencies(path.join(root, "packages/protocol"))),
].filter((name) => !name.startsWith("@teamchat/"));

const { outputFiles } = await build({
  entryPoints: [path.join(server, "src/main.ts")],
  outdir: out,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  // What the code imports lazily (the S3 driver, BullMQ, sharp's user) stays lazy: its own chunk.
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // A dependency's subpaths (e.g. "@electric-sql/pglite/contrib/pg_trgm") stay imports too.
  external: external.flatMap((name) => [name, `${name}/*`]),
  // Not minified: stack traces name our functions; no source map (loading one costs memory).
  write: false,
  logLevel: "warning",
});
const files = outputFiles.map((f) => ({ to: f.path, contents: Buffer.from(f.contents) }));
for (const script of ["pglite-worker.mjs", "pglite-initdb.mjs", "pglite-durability.mjs"]) {
  files.push({ to: path.join(out, script), contents: await fs.readFile(path.join(server, "src/db", script)) });
}
const migrations = path.join(server, "src/db/migrations");
for (const name of await fs.readdir(migrations)) {
  files.push({ to: path.join(out, "migrations", name), contents: await fs.readFile(path.join(migrations, name)) });
}
// Benches build before starting servers, several at once (the bench smoke test): each file is
// replaced by a rename only when it changed, the entry last, and nothing is deleted, so a
// server starting or loading a lazy chunk meanwhile never sees a missing or half-written file.
const main = path.join(out, "main.mjs");
files.sort((a, b) => Number(a.to === main) - Number(b.to === main));
let changed = 0;
for (const { to, contents } of files) {
  const current = await fs.readFile(to).catch(() => null);
  if (current?.equals(contents)) continue;
  await fs.mkdir(path.dirname(to), { recursive: true });
  const temp = `${to}.${process.pid}.tmp`;
  await fs.writeFile(temp, contents);
  await fs.rename(temp, to);
  changed++;
}
console.log(`built ${path.relative(root, main)} (${changed} of ${files.length} files changed)`);
