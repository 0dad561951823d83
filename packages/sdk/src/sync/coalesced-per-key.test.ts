import { describe, expect, it } from "vitest";
import { coalescedPerKey } from "./coalesced-per-key.js";

describe("coalescedPerKey", () => {
  it("runs one batch at a time; keys asked during a run form the next batch, each key once", async () => {
    const batches: string[][] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const releases: (() => void)[] = [];
    const request = coalescedPerKey(async (keys) => {
      batches.push(keys);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight--;
    });
    request(["a"]);
    request(["b", "a"]);
    request(["c"]);
    request(["b"]);
    expect(batches).toEqual([["a"]]);
    releases.shift()?.();
    await expect.poll(() => batches.length).toBe(2);
    expect(batches[1]).toEqual(["b", "a", "c"]);
    request(["a"]);
    releases.shift()?.();
    await expect.poll(() => batches.length).toBe(3);
    expect(batches[2]).toEqual(["a"]);
    releases.shift()?.();
    await expect.poll(() => inFlight).toBe(0);
    expect(batches).toHaveLength(3);
    expect(maxInFlight).toBe(1);
  });

  it("asking for nothing runs nothing, and a failed batch does not stop the next one", async () => {
    const batches: string[][] = [];
    const request = coalescedPerKey(async (keys) => {
      batches.push(keys);
      throw new Error("server busy");
    });
    request([]);
    expect(batches).toEqual([]);
    request(["a"]);
    await expect.poll(() => batches.length).toBe(1);
    request(["a"]);
    await expect.poll(() => batches.length).toBe(2);
  });
});
