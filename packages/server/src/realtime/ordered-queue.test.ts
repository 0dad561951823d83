import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { type EventOrder, OrderedQueue } from "./ordered-queue.js";

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

  it("pipelined: the next starts once the previous released its place; at most `depth` unsettled", async () => {
    const queue = new OrderedQueue(3);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const send = (n: number) =>
      queue.run(
        async (order) => {
          started.push(n);
          order.release();
          await new Promise<void>((resolve) => finish.push(resolve));
          return n;
        },
        { pipelined: true },
      );
    const all = [1, 2, 3, 4, 5].map(send);
    await sleep(5);
    expect(started).toEqual([1, 2, 3]); // depth 3: the 4th waits for the 1st to settle
    finish[0]?.();
    await sleep(5);
    expect(started).toEqual([1, 2, 3, 4]);
    for (const done of finish.slice(1)) done();
    await sleep(5);
    for (const done of finish) done();
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4, 5]);
  });

  it("pipelined: an event that is not pipelined waits for every earlier one to settle", async () => {
    const queue = new OrderedQueue(4);
    const log: string[] = [];
    let finishSend: () => void = () => {};
    const send = queue.run(
      async (order) => {
        order.release();
        await new Promise<void>((resolve) => {
          finishSend = resolve;
        });
        log.push("send settled");
      },
      { pipelined: true },
    );
    const edit = queue.run(async () => {
      log.push("edit ran");
    });
    await sleep(5);
    expect(log).toEqual([]);
    finishSend();
    await Promise.all([send, edit]);
    expect(log).toEqual(["send settled", "edit ran"]);
  });

  it("pipelined: a retryable failure after release refuses the later events already started, not the earlier ones", async () => {
    const queue = new OrderedQueue(8);
    const orders: EventOrder[] = [];
    const send = () =>
      queue.run(
        async (order) => {
          orders.push(order);
          order.release();
          await sleep(20);
          const refused = order.refusal();
          if (refused) throw refused;
          return orders.indexOf(order);
        },
        { pipelined: true },
      );
    const [first, second, third] = [send(), send(), send()];
    await sleep(5);
    expect(orders).toHaveLength(3);
    // The second one's batch fails: the third, already started, must not be stored after it.
    orders[1]?.failed(new AppError("UNAVAILABLE", undefined, { retryAfterMs: 500 }));
    expect(orders[0]?.refusal()).toBeNull();
    expect(orders[2]?.refusal()).toMatchObject({ code: "UNAVAILABLE" });
    await expect(first).resolves.toBe(0);
    await expect(second).resolves.toBe(1); // (its own failure is reported by whoever failed it)
    await expect(third).rejects.toMatchObject({ code: "UNAVAILABLE" });
    await expect(orders[2]?.afterEarlier()).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });
});
