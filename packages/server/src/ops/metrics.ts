import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { PgliteMemory } from "../db/pglite-worker-client.js";

/** Where the gauges read their values when Prometheus scrapes. */
export type MetricSources = {
  connectedSockets: () => number;
  inflightEvents: () => number;
  dbPool: () => { total: number; idle: number; waiting: number };
  /** Push jobs waiting, delayed or running (BullMQ: across every node). */
  pushQueueDepth: () => Promise<number>;
  /** The embedded PGlite's memory (null on PostgreSQL). */
  engineMemory: () => Promise<PgliteMemory | null>;
};

/** The longest a scrape waits for an answer from elsewhere (Redis, the PGlite thread). */
const QUEUE_DEPTH_TIMEOUT_MS = 1_000;

/**
 * Prometheus metrics of one server instance, on a registry of its own (tests run several
 * servers in one process). Rates (messages/s) come from the counters with `rate()`.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly messagesStored: Counter;
  readonly ackSeconds: Histogram<"event">;
  readonly eventErrors: Counter<"event" | "code">;
  /** Where a send's time goes: checks, waiting for its batch, the batch statement + commit, fan-out. */
  readonly sendStageSeconds: Histogram<"stage">;
  readonly sendBatchSize: Histogram;
  readonly receiptBatchRows: Histogram<"kind">;

  constructor(sources: MetricSources, labels: { node: string }) {
    const registers = [this.registry];
    this.registry.setDefaultLabels(labels);
    collectDefaultMetrics({ register: this.registry, prefix: "teamchat_" });
    this.messagesStored = new Counter({
      name: "teamchat_messages_stored_total",
      help: "Messages stored (first sends; duplicates of a resend are not counted)",
      registers,
    });
    this.ackSeconds = new Histogram({
      name: "teamchat_socket_ack_seconds",
      help: "Time from a socket event's arrival to its ack, by event",
      labelNames: ["event"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.eventErrors = new Counter({
      name: "teamchat_socket_event_errors_total",
      help: "Socket events answered with an error, by event and error code",
      labelNames: ["event", "code"],
      registers,
    });
    this.sendStageSeconds = new Histogram({
      name: "teamchat_send_stage_seconds",
      help:
        "A message send by stage: admission (afterClientId, reply and mention checks), queue (waiting for " +
        "its group-commit batch), store (the batch statement and its commit), fanout (presenting and emitting)",
      labelNames: ["stage"],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.sendBatchSize = new Histogram({
      name: "teamchat_send_batch_size",
      help: "Sends stored per group-commit statement",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    this.receiptBatchRows = new Histogram({
      name: "teamchat_receipt_batch_rows",
      help: "Pointer marks (one per chat and member, merged) written per statement, by kind (delivered, read)",
      labelNames: ["kind"],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 1024],
      registers,
    });
    new Gauge({
      name: "teamchat_connected_sockets",
      help: "Sockets connected to this node",
      registers,
      collect() {
        this.set(sources.connectedSockets());
      },
    });
    new Gauge({
      name: "teamchat_inflight_socket_events",
      help: "Socket events being processed on this node",
      registers,
      collect() {
        this.set(sources.inflightEvents());
      },
    });
    new Gauge({
      name: "teamchat_db_pool_connections",
      help: "Database pool connections by state (total, idle) and queued requests (waiting)",
      labelNames: ["state"],
      registers,
      collect() {
        const pool = sources.dbPool();
        this.set({ state: "total" }, pool.total);
        this.set({ state: "idle" }, pool.idle);
        this.set({ state: "waiting" }, pool.waiting);
      },
    });
    new Gauge({
      name: "teamchat_pglite_memory_bytes",
      help:
        "Embedded PGlite's share of the process RSS: wasm = the engine's WebAssembly memory (grows, never " +
        "shrinks; its untouched pages are not resident), heap_used/heap_total/external = its worker thread's JS heap",
      labelNames: ["part"],
      registers,
      async collect() {
        // The worker answers between statements: a long one must not hold the scrape.
        const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), QUEUE_DEPTH_TIMEOUT_MS).unref());
        const memory = await Promise.race([sources.engineMemory().catch(() => null), timeout]);
        if (!memory) return;
        this.set({ part: "wasm" }, memory.wasmMemoryBytes);
        this.set({ part: "heap_used" }, memory.heapUsedBytes);
        this.set({ part: "heap_total" }, memory.heapTotalBytes);
        this.set({ part: "external" }, memory.externalBytes);
      },
    });
    new Gauge({
      name: "teamchat_push_queue_depth",
      help: "Web Push jobs waiting, delayed or running",
      registers,
      async collect() {
        // BullMQ's client waits for Redis: a scrape during an outage answers -1, not never.
        const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), QUEUE_DEPTH_TIMEOUT_MS).unref());
        this.set(await Promise.race([sources.pushQueueDepth().catch(() => -1), timeout]));
      },
    });
  }
}
