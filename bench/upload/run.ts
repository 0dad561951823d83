/**
 * Upload memory bench: uploads a large file (default 25 MB, the default limit) several times to a
 * real server and records the server's memory while it streams: RSS from /proc and the V8 heap
 * from a probe loaded into the server. Streaming means the peak stays far below the file size.
 *
 *   npx tsx bench/upload/run.ts [--size-mb 25] [--uploads 3] [--out file.json]
 */
import crypto from "node:crypto";
import { openAsBlob } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ApiClient, memoryCookieJar } from "@teamchat/sdk";
import { parseArgs } from "../lib/args.js";
import { mib, sampleProcess } from "../lib/proc-stats.js";
import { formatTable, writeResults } from "../lib/results.js";
import { startServer } from "../lib/server-process.js";

const args = parseArgs({ sizeMb: 25, uploads: 3, out: "" });
const PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), "memory-probe.mjs");

type MemoryPoint = { at: number; rss: number; heapUsed: number; external: number; arrayBuffers: number };

async function readProbe(file: string): Promise<MemoryPoint[]> {
  const text = await fs.readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as MemoryPoint);
}

/** A PDF by its magic bytes, then incompressible filler: validated like a real upload, streamed from disk. */
async function makeFile(dir: string, bytes: number): Promise<string> {
  const file = path.join(dir, "large.pdf");
  const handle = await fs.open(file, "w");
  await handle.write(Buffer.from("%PDF-1.7\n"));
  let written = 9;
  const chunk = crypto.randomBytes(1024 * 1024);
  while (written < bytes) {
    const part = chunk.subarray(0, Math.min(chunk.length, bytes - written));
    await handle.write(part);
    written += part.length;
  }
  await handle.close();
  return file;
}

async function main() {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "bench-upload-"));
  const probeFile = path.join(work, "memory.jsonl");
  const sizeBytes = Math.round(args.sizeMb * 1024 * 1024);
  const server = await startServer({
    kind: "pglite",
    dataDir: path.join(work, "data"),
    extraEnv: {
      FILE_MAX_BYTES: String(sizeBytes + 1024),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${PROBE}`.trim(),
      MEMORY_PROBE_FILE: probeFile,
    },
  });
  try {
    let token: string | null = null;
    const api = new ApiClient({ baseUrl: server.url, getAccessToken: () => token, cookieJar: memoryCookieJar() });
    const session = await api.register({
      username: `bench-${Date.now()}`,
      password: "bench password 1",
      displayName: "Bench",
    });
    token = session.accessToken;
    const file = await makeFile(work, sizeBytes);

    // Warm-up: the first upload loads file-type and the multipart parser; memory before it is not the baseline.
    await api.uploadFile(new Blob([Buffer.from("%PDF-1.7\nwarm-up\n")]), "warm.pdf");
    await new Promise((r) => setTimeout(r, 500));
    const baseline = sampleProcess(server.pid);
    const baselineProbe = (await readProbe(probeFile)).at(-1);

    const uploads: {
      seconds: number;
      mbPerSecond: number;
      rssBeforeMiB: number;
      peakRssMiB: number;
      rssGrowthMiB: number;
    }[] = [];
    let peakRss = baseline.rssBytes;
    for (let i = 0; i < args.uploads; i++) {
      const before = sampleProcess(server.pid).rssBytes;
      let uploadPeak = before;
      const sampler = setInterval(() => {
        const s = sampleProcess(server.pid);
        uploadPeak = Math.max(uploadPeak, s.rssBytes);
      }, 20);
      const started = performance.now();
      const uploaded = await api
        .uploadFile(await openAsBlob(file), `large-${i}.pdf`)
        .finally(() => clearInterval(sampler));
      const seconds = (performance.now() - started) / 1000;
      if (uploaded.size !== sizeBytes) throw new Error(`stored ${uploaded.size} bytes, sent ${sizeBytes}`);
      peakRss = Math.max(peakRss, uploadPeak);
      uploads.push({
        seconds: round(seconds),
        mbPerSecond: round(args.sizeMb / seconds),
        rssBeforeMiB: mib(before),
        peakRssMiB: mib(uploadPeak),
        rssGrowthMiB: mib(uploadPeak - before),
      });
    }
    await new Promise((r) => setTimeout(r, 200));
    const probe = (await readProbe(probeFile)).filter((p) => p.at >= (baselineProbe?.at ?? 0));
    const peakHeap = Math.max(...probe.map((p) => p.heapUsed), baselineProbe?.heapUsed ?? 0);
    const peakArrayBuffers = Math.max(...probe.map((p) => p.arrayBuffers), 0);
    const result = {
      sizeMb: args.sizeMb,
      uploads,
      server: {
        baselineRssMiB: mib(baseline.rssBytes),
        peakRssMiB: mib(peakRss),
        rssGrowthMiB: mib(peakRss - baseline.rssBytes),
        baselineHeapUsedMiB: mib(baselineProbe?.heapUsed ?? 0),
        peakHeapUsedMiB: mib(peakHeap),
        heapGrowthMiB: mib(peakHeap - (baselineProbe?.heapUsed ?? 0)),
        // PGlite's WebAssembly memory is one ArrayBuffer: compare the peak with the baseline.
        baselineArrayBuffersMiB: mib(baselineProbe?.arrayBuffers ?? 0),
        peakArrayBuffersMiB: mib(peakArrayBuffers),
        probeSamples: probe.length,
      },
      machine: { cpus: os.cpus().length, node: process.version },
    };
    console.log(formatTable(uploads.map((u, i) => ({ upload: i + 1, ...u }))));
    console.log(formatTable([{ fileMiB: args.sizeMb, ...result.server }]));
    console.log(`results: ${await writeResults("upload", result, args.out || undefined)}`);
  } finally {
    await server.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
