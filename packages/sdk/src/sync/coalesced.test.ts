import { describe, expect, it } from "vitest";
import { coalesced } from "./coalesced.js";

describe("coalesced", () => {
  it("runs one at a time and folds the requests made during a run into one more run", async () => {
    let runs = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const releases: (() => void)[] = [];
    const trigger = coalesced(async () => {
      runs++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight--;
    });
    trigger();
    trigger();
    trigger();
    expect(runs).toBe(1);
    releases.shift()?.();
    await expect.poll(() => runs).toBe(2);
    releases.shift()?.();
    await expect.poll(() => inFlight).toBe(0);
    expect(runs).toBe(2);
    expect(maxInFlight).toBe(1);
  });

  it("a failed run does not stop the next one", async () => {
    let runs = 0;
    const trigger = coalesced(async () => {
      runs++;
      throw new Error("server busy");
    });
    trigger();
    await expect.poll(() => runs).toBe(1);
    trigger();
    await expect.poll(() => runs).toBe(2);
  });
});
