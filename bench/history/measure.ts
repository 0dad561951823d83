import { ApiPath, buildPath } from "@teamchat/protocol";
import { type Percentiles, percentiles } from "../lib/stats.js";

export type Probe = { name: string; path: string; iterations: number };

/**
 * Times real REST calls one after another (what one user's client would do), after a short
 * warm-up, and fails loudly on any non-success answer so a broken route never looks fast. Two
 * clocks per call: to the answer's last byte (the server and the wire), and with the client's
 * JSON.parse of it too (what the probe has always reported): a 200-chat list is ~290 kB, and
 * this process's own garbage collection of it lands in the second.
 */
export async function measureProbe(
  baseUrl: string,
  token: string,
  probe: Probe,
  check: (data: unknown) => void,
  maxMs = 60_000,
): Promise<Percentiles & { name: string; lastByte: Percentiles }> {
  const call = async (onLastByte: () => void = () => {}) => {
    const res = await fetch(new URL(probe.path, baseUrl), { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    onLastByte();
    const body = JSON.parse(text) as { success?: boolean; data?: unknown };
    if (!res.ok || body.success !== true) throw new Error(`${probe.name}: HTTP ${res.status} ${text.slice(0, 500)}`);
    return body.data;
  };
  for (let i = 0; i < Math.min(5, probe.iterations); i++) check(await call());
  const times: number[] = [];
  const lastByte: number[] = [];
  // Bounded in time too: a slow probe (search over every row) stops early with fewer samples.
  const deadline = performance.now() + maxMs;
  for (let i = 0; i < probe.iterations && performance.now() < deadline; i++) {
    const start = performance.now();
    await call(() => lastByte.push(performance.now() - start));
    times.push(performance.now() - start);
  }
  return { name: probe.name, ...percentiles(times), lastByte: percentiles(lastByte) };
}

export function historyProbes(bigChatId: string, messages: number, iterations: number, searchIterations: number) {
  const messagesPath = (query: string) => `${buildPath(ApiPath.chatMessages, { chatId: bigChatId })}?${query}`;
  const search = (q: string) => `${ApiPath.search}?${new URLSearchParams({ q, limit: "20" })}`;
  return {
    pages: [
      { name: "page at end (newest 50)", path: messagesPath("limit=50"), iterations },
      {
        name: "page in middle",
        path: messagesPath(`before=${Math.max(2, Math.floor(messages / 2))}&limit=50`),
        iterations,
      },
      { name: "page at start (oldest 50)", path: messagesPath("after=0&limit=50"), iterations },
    ],
    search: [
      { name: "search rare (0.1% of rows)", q: "needle" },
      { name: "search medium (2%)", q: "topic17" },
      { name: "search common (10%)", q: "status" },
      { name: "search everywhere (100%)", q: "message" },
    ].map((s) => ({ name: s.name, path: search(s.q), iterations: searchIterations })),
    lists: [
      { name: "chat list (200 chats, unread counts)", path: ApiPath.chats, iterations },
      {
        name: "one chat's unread count (1M chat)",
        path: buildPath(ApiPath.chat, { chatId: bigChatId }),
        iterations,
      },
    ],
  };
}
