import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { OrderedQueue } from "./ordered-queue.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("OrderedQueue", () => {
  it("runs in arrival order; after a retryable failure, what was queued behind it is refused with the same code", async () => {
    const queue = new OrderedQueue();
    const ran: string[] = [];
    const task = (name: string, fail?: AppError) => () =>
      queue.run(async () => {
        await sleep(5);
        ran.push(name);
        if (fail) throw fail;
        return name;
      });
    const results = await Promise.allSettled([
      task("a")(),
      task("b", new AppError("RATE_LIMITED", undefined, { retryAfterMs: 900 }))(),
      task("c")(),
      task("d")(),
    ]);
    expect(ran).toEqual(["a", "b"]);
    expect(results[0]).toEqual({ status: "fulfilled", value: "a" });
    for (const r of results.slice(2)) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "RATE_LIMITED", extra: { retryAfterMs: 900 } });
    }
    await sleep(450); // past the refusal window: the client's resends run, in order
    expect(await Promise.all([task("b")(), task("c")()])).toEqual(["b", "c"]);
  });

  it("a non-retryable failure refuses nothing behind it", async () => {
    const queue = new OrderedQueue();
    const first = queue.run(async () => {
      throw new AppError("VALIDATION_FAILED");
    });
    const second = queue.run(async () => "ok");
    await expect(first).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(second).resolves.toBe("ok");
  });

  it("an event refused before it was queued lets its predecessors run, and refuses what arrives just after it", async () => {
    const queue = new OrderedQueue();
    const slow = (name: string) =>
      queue.run(async () => {
        await sleep(20);
        return name;
      });
    const earlier = [slow("a"), slow("b")];
    queue.refuseArriving(new AppError("RATE_LIMITED", undefined, { retryAfterMs: 700 }));
    const later = slow("c");
    expect(await Promise.all(earlier)).toEqual(["a", "b"]);
    await expect(later).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await sleep(450);
    await expect(slow("c")).resolves.toBe("c");
  });
});
