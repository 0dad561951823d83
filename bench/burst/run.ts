/**
 * Burst bench: `--senders` members of one group each emit `--per-sender` messages at once (the
 * default: 1,000 messages from 10 senders), acked `message:send`, against the bare relay (the
 * floor) and the real server on each storage, in one run. Reports the time from the first emit
 * to the last ack, ack percentiles and whether every seq 1..N came back once. Writes JSON.
 *
 *   DATABASE_URL=… npm run bench:burst -- --senders 10 --per-sender 100 --targets bare,pglite,postgres
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PROTOCOL_VERSION } from "@teamchat/protocol";
import { ApiClient, memoryCookieJar } from "@teamchat/sdk";
import { io, type Socket } from "socket.io-client";
import { listOption, parseArgs } from "../lib/args.js";
import { createScratchDatabase } from "../lib/postgres-db.js";
import { mib, sampleProcess } from "../lib/proc-stats.js";
import { formatTable, writeResults } from "../lib/results.js";
import { type ServerKind, startServer } from "../lib/server-process.js";
import { percentiles, round } from "../lib/stats.js";
import { labelOf, parseVariants, type Variant } from "../lib/variants.js";

const TARGETS = ["bare", "pglite", "postgres"] as const satisfies readonly ServerKind[];
const args = parseArgs({ senders: 10, perSender: 100, rounds: 3, targets: "", variants: "", out: "" });
const variants = parseVariants(args.variants);
const targets = listOption(
  args.targets || (process.env.DATABASE_URL ? "bare,pglite,postgres" : "bare,pglite"),
  TARGETS,
);
if (targets.includes("postgres") && !process.env.DATABASE_URL) throw new Error("--targets postgres needs DATABASE_URL");

type Round = { lastAckMs: number; ackMs: ReturnType<typeof percentiles>; acked: number; seqsOk: boolean };

async function burstOnce(sockets: Socket[], chatId: string, perSender: number): Promise<Round> {
  const start = performance.now();
  const ackTimes: number[] = [];
  const seqs: number[] = [];
  await Promise.all(
    sockets.flatMap((socket, s) =>
      Array.from(
        { length: perSender },
        (_, n) =>
          new Promise<void>((resolve) => {
            const sentAt = performance.now();
            const payload = { chatId, clientId: crypto.randomUUID(), body: `burst ${s}:${n}` };
            socket.timeout(30_000).emit("message:send", payload, (err: unknown, answer: unknown) => {
              const a = answer as { ok?: boolean; message?: { seq: number } } | undefined;
              if (!err && a?.ok && a.message) {
                ackTimes.push(performance.now() - sentAt);
                seqs.push(a.message.seq);
              }
              resolve();
            });
          }),
      ),
    ),
  );
  const lastAckMs = performance.now() - start;
  const sorted = [...seqs].sort((x, y) => x - y);
  const seqsOk = sorted.every((seq, i) => i === 0 || seq === (sorted[i - 1] ?? 0) + 1);
  return { lastAckMs, ackMs: percentiles(ackTimes), acked: seqs.length, seqsOk };
}

/** Group commits over the whole run, from the server's /metrics (loopback may read it). */
async function batchSizes(url: string, kind: string): Promise<{ batches: number; meanSize: number } | null> {
  if (kind === "bare") return null;
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) =>
    Number(
      text
        .split("\n")
        .find((l) => l.startsWith(name))
        ?.split(" ")
        .pop() ?? 0,
    );
  const batches = value("teamchat_send_batch_size_count");
  return { batches, meanSize: batches > 0 ? round(value("teamchat_send_batch_size_sum") / batches, 1) : 0 };
}

async function runTarget(kind: (typeof TARGETS)[number], variant: Variant) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-burst-"));
  const scratch = kind === "postgres" ? await createScratchDatabase(process.env.DATABASE_URL ?? "", "tc_burst") : null;
  const server = await startServer({ kind, dataDir, databaseUrl: scratch?.url, extraEnv: variant.env });
  const sockets: Socket[] = [];
  try {
    let chatId: string = crypto.randomUUID();
    const auths: Record<string, unknown>[] = [];
    if (kind === "bare") {
      for (let i = 0; i < args.senders; i++) auths.push({ userId: crypto.randomUUID(), rooms: [chatId] });
    } else {
      const tag = crypto.randomBytes(3).toString("hex");
      const people = [];
      for (let i = 0; i < args.senders; i++) {
        let token: string | null = null;
        const api = new ApiClient({ baseUrl: server.url, getAccessToken: () => token, cookieJar: memoryCookieJar() });
        const session = await api.register({
          username: `burst${tag}-${i}`,
          password: "correct horse battery",
          displayName: `B${i}`,
        });
        token = session.accessToken;
        people.push({ api, id: session.user.id, token });
        auths.push({ token, protocolVersion: PROTOCOL_VERSION });
      }
      const [owner, ...rest] = people;
      if (!owner) throw new Error("no senders");
      chatId = (await owner.api.createGroupChat({ name: "burst", memberIds: rest.map((p) => p.id) })).id;
    }
    for (const auth of auths) {
      const socket = io(server.url, { transports: ["websocket"], auth, reconnection: false, forceNew: true });
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      sockets.push(socket);
    }
    const rounds: Round[] = [];
    for (let r = 0; r < args.rounds; r++) rounds.push(await burstOnce(sockets, chatId, args.perSender));
    const rssMiB = mib(sampleProcess(server.pid).rssBytes);
    return {
      target: labelOf(kind, variant),
      env: variant.env,
      rounds,
      rssMiB,
      batches: await batchSizes(server.url, kind),
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.stop();
    await scratch?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

const results: Awaited<ReturnType<typeof runTarget>>[] = [];
for (const target of targets) {
  for (const variant of target === "bare" ? [{ name: "", env: {} }] : variants) {
    const label = labelOf(target, variant);
    console.log(`▶ burst × ${label}: ${args.senders} senders × ${args.perSender}, ${args.rounds} rounds`);
    results.push(await runTarget(target, variant));
  }
}
const floor = results.find((r) => r.target === "bare");
const best = (r: (typeof results)[number]) => Math.min(...r.rounds.map((x) => x.lastAckMs));
const rows = results.map((r) => ({
  server: r.target,
  "last ack ms (each round)": r.rounds.map((x) => round(x.lastAckMs, 0)).join(" / "),
  "best ×relay": floor && r !== floor ? `×${round(best(r) / best(floor), 1)}` : "",
  "ack p50": r.rounds.map((x) => round(x.ackMs.p50, 0)).join(" / "),
  "ack p99": r.rounds.map((x) => round(x.ackMs.p99, 0)).join(" / "),
  acked: r.rounds.map((x) => x.acked).join(" / "),
  "seqs gap-free": r.rounds.every((x) => x.seqsOk) ? "yes" : "NO",
  "RSS MiB": r.rssMiB,
  "batches (mean size)": r.batches ? `${r.batches.batches} (${r.batches.meanSize})` : "",
}));
console.log(`\n${formatTable(rows)}`);
const file = await writeResults(
  "burst",
  { kind: "burst", at: new Date().toISOString(), args, results },
  args.out || undefined,
);
console.log(`\nJSON: ${file}`);
