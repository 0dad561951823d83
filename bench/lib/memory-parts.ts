import { mib } from "./proc-stats.js";

/**
 * Where a server's RSS is, from its /metrics (loopback needs no token), in MiB: the main thread's
 * JS heap, and with PGlite its worker's heap and the engine's WebAssembly memory. The WASM figure
 * is its size, which only grows; the pages it never touched are not resident. Nulls when the
 * target has no /metrics (the bare relay) or a figure is missing (a server from before it existed).
 */
export type MemoryParts = {
  mainHeapUsedMiB: number | null;
  mainHeapTotalMiB: number | null;
  externalMiB: number | null;
  pgliteWasmMiB: number | null;
  pgliteHeapTotalMiB: number | null;
};

export async function memoryParts(url: string): Promise<MemoryParts> {
  const text = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })
    .then((res) => (res.ok ? res.text() : ""))
    .catch(() => "");
  const pick = (name: string) => {
    const line = text.split("\n").find((l) => l.startsWith(name));
    return line ? mib(Number(line.slice(line.lastIndexOf(" ") + 1))) : null;
  };
  return {
    mainHeapUsedMiB: pick("teamchat_nodejs_heap_size_used_bytes"),
    mainHeapTotalMiB: pick("teamchat_nodejs_heap_size_total_bytes"),
    externalMiB: pick("teamchat_nodejs_external_memory_bytes"),
    pgliteWasmMiB: pick('teamchat_pglite_memory_bytes{part="wasm"'),
    pgliteHeapTotalMiB: pick('teamchat_pglite_memory_bytes{part="heap_total"'),
  };
}
