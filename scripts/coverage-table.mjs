#!/usr/bin/env node
// Line coverage per package from vitest's json-summary (coverage/coverage-summary.json): prints
// the table and fails when protocol, server or sdk is under the floor (the guide asks > 80 %).
import fs from "node:fs";
import path from "node:path";

const FLOOR = 80;
const REQUIRED = ["protocol", "server", "sdk"];
const file = process.argv[2] ?? "coverage/coverage-summary.json";
const summary = JSON.parse(fs.readFileSync(file, "utf8"));
const root = process.cwd();

const byPackage = new Map();
const files = [];
for (const [name, counts] of Object.entries(summary)) {
  if (name === "total") continue;
  const rel = path.relative(root, name);
  const pkg = rel.split(path.sep)[1];
  const total = byPackage.get(pkg) ?? { lines: [0, 0], statements: [0, 0], functions: [0, 0], branches: [0, 0] };
  for (const kind of Object.keys(total)) {
    total[kind][0] += counts[kind].covered;
    total[kind][1] += counts[kind].total;
  }
  byPackage.set(pkg, total);
  files.push({ rel, lines: counts.lines });
}

const pct = ([covered, all]) => (all === 0 ? 100 : (100 * covered) / all);
const cell = (pair) => `${pct(pair).toFixed(1).padStart(6)} %`;
console.log("\nCoverage (v8), per package:");
console.log(
  `${"package".padEnd(10)} ${"lines".padStart(8)} ${"stmts".padStart(8)} ${"funcs".padStart(8)} ${"branches".padStart(8)}`,
);
let failed = false;
for (const [pkg, t] of [...byPackage].sort()) {
  const below = REQUIRED.includes(pkg) && pct(t.lines) < FLOOR;
  if (below) failed = true;
  console.log(
    `${pkg.padEnd(10)} ${cell(t.lines)} ${cell(t.statements)} ${cell(t.functions)} ${cell(t.branches)}${below ? `  < ${FLOOR} %` : ""}`,
  );
}
// The least covered files with real size: where the missing lines are.
const worst = files
  .filter((f) => f.lines.total >= 20)
  .sort((a, b) => a.lines.pct - b.lines.pct)
  .slice(0, 10);
console.log("\nLeast covered files (lines):");
for (const f of worst) console.log(`  ${f.lines.pct.toFixed(1).padStart(5)} %  ${f.rel}`);
if (failed) {
  console.error(`\nLine coverage under ${FLOOR} % for a required package (${REQUIRED.join(", ")}).`);
  process.exit(1);
}
