import { describe, expect, it } from "vitest";
import type { Profile } from "./cpu-profile.js";
import { exportedFunctionNames, pgliteFunctionNames, summarizeWasm } from "./wasm-profile.js";

describe("naming PGlite's WebAssembly in a CPU profile", () => {
  it("reads the export section of a module: function indexes after the imported ones", () => {
    // (module (import "env" "f" (func)) (func) (func) (export "second" (func 2)) (export "mem" (memory 0)) (memory 1))
    const wasm = Uint8Array.from([
      0x00,
      0x61,
      0x73,
      0x6d,
      0x01,
      0x00,
      0x00,
      0x00, // magic, version
      0x01,
      0x04,
      0x01,
      0x60,
      0x00,
      0x00, // type section: () -> ()
      0x02,
      0x09,
      0x01,
      0x03,
      0x65,
      0x6e,
      0x76,
      0x01,
      0x66,
      0x00,
      0x00, // import env.f, function 0
      0x03,
      0x03,
      0x02,
      0x00,
      0x00, // two functions: 1 and 2
      0x05,
      0x03,
      0x01,
      0x00,
      0x01, // memory
      0x07,
      0x10,
      0x02,
      0x06,
      0x73,
      0x65,
      0x63,
      0x6f,
      0x6e,
      0x64,
      0x00,
      0x02,
      0x03,
      0x6d,
      0x65,
      0x6d,
      0x02,
      0x00,
      0x0a,
      0x07,
      0x02,
      0x02,
      0x00,
      0x0b,
      0x02,
      0x00,
      0x0b, // two empty bodies
    ]);
    // The bytes are a valid module (the global's types are not in this project's lib).
    const engine = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
    expect(engine.validate(wasm)).toBe(true);
    expect([...exportedFunctionNames(wasm)]).toEqual([[2, "second"]]);
  });

  it("finds PostgreSQL's own functions among pglite.wasm's exports", async () => {
    const names = new Set((await pgliteFunctionNames()).values());
    expect(names.size).toBeGreaterThan(1000);
    for (const fn of ["heap_insert", "XLogFlush", "standard_ExecutorRun", "ExecInsertIndexTuples"])
      expect(names.has(fn)).toBe(true);
  });

  it("charges an unnamed function to its nearest named caller and counts a name once per sample", () => {
    const frame = (id: number, functionName: string, children: number[] = []) => ({
      id,
      callFrame: { functionName, url: "", lineNumber: 0 },
      children,
    });
    const profile = {
      nodes: [
        frame(1, "(root)", [2, 5]),
        frame(2, "wasm-function[7]", [3]),
        frame(3, "wasm-function[9]", [4]), // unnamed
        frame(4, "wasm-function[7]"), // recursion: counted once
        frame(5, "(idle)"),
      ],
      samples: [4, 3, 5],
      timeDeltas: [0, 1000, 1000, 1000],
    } as Profile;
    const summary = summarizeWasm(profile, new Map([[7, "ExecutorRun"]]));
    expect(summary.busyMs).toBe(2);
    expect(summary.self).toEqual([{ fn: "wasm ExecutorRun", ms: 2, percent: 100 }]);
    expect(summary.inclusive).toEqual([{ fn: "wasm ExecutorRun", ms: 2, percent: 100 }]);
  });
});
