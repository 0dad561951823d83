import fs from "node:fs/promises";
import path from "node:path";
import { RESULTS_DIR } from "./paths.js";

/** Writes `bench/results/<name>-<timestamp>.json` (or `out` when given) and returns the path. */
export async function writeResults(name: string, data: unknown, out?: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = out ? path.resolve(out) : path.join(RESULTS_DIR, `${name}-${stamp}.json`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** A plain aligned text table: the first row's keys are the columns. */
export function formatTable(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return "(no rows)";
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: string | number | undefined) => (v === undefined ? "" : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join("  ");
  return [
    line(columns),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join("\n");
}
