import { describe, expect, it } from "vitest";
import { parseSendStages, stageTimes } from "./send-stages.js";

const scrape = (store: [number, number, number, number], sum: number) =>
  [
    "# HELP teamchat_send_stage_seconds x",
    `teamchat_send_stage_seconds_bucket{le="0.001",stage="store"} ${store[0]}`,
    `teamchat_send_stage_seconds_bucket{le="0.01",stage="store"} ${store[1]}`,
    `teamchat_send_stage_seconds_bucket{le="0.1",stage="store"} ${store[2]}`,
    `teamchat_send_stage_seconds_bucket{le="+Inf",stage="store"} ${store[3]}`,
    `teamchat_send_stage_seconds_sum{stage="store"} ${sum}`,
    `teamchat_send_stage_seconds_count{stage="store"} ${store[3]}`,
    'teamchat_send_stage_seconds_bucket{stage="queue",le="0.001"} 0',
    'teamchat_send_stage_seconds_count{stage="queue"} 0',
  ].join("\n");

describe("send stages from /metrics", () => {
  it("interpolates p50 and p99 within the buckets of each stage", () => {
    const stages = stageTimes(parseSendStages(scrape([50, 98, 100, 100], 0.2)));
    expect(Object.keys(stages)).toEqual(["store"]);
    expect(stages.store?.count).toBe(100);
    expect(stages.store?.p50Ms).toBeCloseTo(1, 5);
    expect(stages.store?.p99Ms).toBeCloseTo(10 + 90 * 0.5, 5);
    expect(stages.store?.meanMs).toBeCloseTo(2, 5);
  });

  it("subtracts an earlier scrape: what happened between the two", () => {
    const earlier = parseSendStages(scrape([0, 0, 10, 10], 0.5));
    const later = parseSendStages(scrape([100, 100, 110, 110], 0.6));
    const stages = stageTimes(later, earlier);
    expect(stages.store?.count).toBe(100);
    expect(stages.store?.p99Ms).toBeLessThanOrEqual(1);
    expect(stages.store?.meanMs).toBeCloseTo(1, 5);
  });

  it("is empty without metrics", () => {
    expect(stageTimes(parseSendStages(""))).toEqual({});
  });
});
