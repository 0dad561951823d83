import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const LAUNCHER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/node.sh");

function runThrough(...args: string[]): string {
  return execFileSync("sh", [LAUNCHER, ...args], { encoding: "utf8" }).trim();
}

describe("bin/node.sh (how npm start, the Dockerfile and the benches start node)", () => {
  it("gives V8 one helper thread on a machine of two cores or fewer, Node's default otherwise", () => {
    const execArgv = JSON.parse(runThrough("-e", "console.log(JSON.stringify(process.execArgv))")) as string[];
    const small = os.availableParallelism() <= 2;
    expect(execArgv.includes("--v8-pool-size=1")).toBe(small);
  });

  it("passes node options, the entry and its arguments on, and replaces itself with node", () => {
    const out = runThrough(
      "--no-warnings",
      "-e",
      "console.log(process.argv.slice(1).join('|'), process.ppid)",
      "a b",
      "c",
    );
    expect(out).toMatch(/^a b\|c \d+$/);
    // exec: node's parent is this test process, not a shell left waiting (signals reach node).
    expect(Number(out.split(" ").at(-1))).toBe(process.pid);
  });
});
