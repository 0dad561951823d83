/**
 * Where a send's wall time went, by stage, from a server's `teamchat_send_stage_seconds`
 * histogram (/metrics; loopback needs no token): the operator's view of the same run, so a tail
 * in the generator's e2e figures can be put on admission, queue (waiting for its group-commit
 * batch), store (the statement and its commit) or fanout. Quantiles are interpolated within the
 * histogram's buckets, so they are as coarse as the buckets (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25,
 * 50, 100, 250 ms …). Two scrapes subtracted give the stages of what happened between them.
 * Empty when the target has no /metrics (the bare relay).
 */
export type StageTimes = Record<string, { count: number; p50Ms: number; p99Ms: number; meanMs: number }>;

/** Per stage: cumulative bucket counts (ascending `le`), sum of seconds and count. */
export type StageHistograms = Map<string, { buckets: { le: number; n: number }[]; sum: number; count: number }>;

export async function scrapeSendStages(url: string): Promise<StageHistograms> {
  const text = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })
    .then((res) => (res.ok ? res.text() : ""))
    .catch(() => "");
  return parseSendStages(text);
}

const SERIES = /^teamchat_send_stage_seconds_(bucket|sum|count)\{([^}]*)\} (\S+)$/;
const label = (labels: string, name: string) => new RegExp(`(?:^|,)${name}="([^"]*)"`).exec(labels)?.[1];

export function parseSendStages(text: string): StageHistograms {
  const out: StageHistograms = new Map();
  for (const line of text.split("\n")) {
    const m = SERIES.exec(line);
    const [, series, labels = "", value] = m ?? [];
    const stage = label(labels, "stage");
    if (!series || stage === undefined) continue;
    const h = out.get(stage) ?? { buckets: [], sum: 0, count: 0 };
    out.set(stage, h);
    if (series === "bucket") {
      const le = label(labels, "le");
      h.buckets.push({ le: le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), n: Number(value) });
    } else h[series as "sum" | "count"] = Number(value);
  }
  for (const h of out.values()) h.buckets.sort((a, b) => a.le - b.le);
  return out;
}

/** The stages of `to`, less what `from` (an earlier scrape of the same server) had already counted. */
export function stageTimes(to: StageHistograms, from: StageHistograms = new Map()): StageTimes {
  const out: StageTimes = {};
  for (const [stage, h] of to) {
    const before = from.get(stage);
    const count = h.count - (before?.count ?? 0);
    if (count <= 0) continue;
    const buckets = h.buckets.map((b) => ({
      le: b.le,
      n: b.n - (before?.buckets.find((x) => x.le === b.le)?.n ?? 0),
    }));
    out[stage] = {
      count,
      p50Ms: quantile(buckets, count, 0.5) * 1000,
      p99Ms: quantile(buckets, count, 0.99) * 1000,
      meanMs: ((h.sum - (before?.sum ?? 0)) / count) * 1000,
    };
  }
  return out;
}

/** Linear interpolation within the bucket holding the q-th observation (Prometheus' histogram_quantile). */
function quantile(cumulative: { le: number; n: number }[], count: number, q: number): number {
  const rank = q * count;
  let lowerLe = 0;
  let lowerN = 0;
  for (const { le, n } of cumulative) {
    if (n >= rank) {
      if (!Number.isFinite(le)) return lowerLe;
      return lowerLe + ((le - lowerLe) * (rank - lowerN)) / Math.max(1, n - lowerN);
    }
    lowerLe = le;
    lowerN = n;
  }
  return lowerLe;
}
