import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = path.dirname(fileURLToPath(import.meta.url));

/** Every module an entry reaches through its relative imports (type-only imports included), and the packages it names. */
function reach(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = fs.readFileSync(file, "utf8");
    for (const [, spec] of text.matchAll(/(?:from|import)\s+"([^"]+)"/g)) {
      if (!spec) continue;
      if (spec.startsWith(".")) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, ".ts")));
      else packages.add(spec);
    }
  };
  visit(path.join(src, entry));
  return { files, packages };
}

describe("SDK entry points", () => {
  it("the main entry (browsers too) never reaches the Node-only SQLite store; ./node does", () => {
    const main = reach("index.ts");
    expect(main.packages).not.toContain("better-sqlite3");
    expect([...main.files].filter((f) => f.includes("sqlite"))).toEqual([]);
    const node = reach("node.ts");
    expect(node.packages).toContain("better-sqlite3");
  });
});
