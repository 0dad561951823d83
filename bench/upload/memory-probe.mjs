// Loaded into the server process (NODE_OPTIONS=--import) by bench/upload/run.ts: appends the
// process's memory every 50 ms to MEMORY_PROBE_FILE, so the bench sees the V8 heap, not only RSS.
import fs from "node:fs";

const file = process.env.MEMORY_PROBE_FILE;
if (file) {
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    fs.appendFileSync(
      file,
      `${JSON.stringify({ at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers })}\n`,
    );
  }, 50);
  timer.unref();
}
