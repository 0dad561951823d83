import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Where the gauges read their values when Prometheus scrapes. */
export type MetricSources = {
  connectedSockets: () => number;
  inflightEvents: () => number;
  dbPool: () => { total: number; idle: number; waiting: number };
  /** Push jobs waiting, delayed or running (BullMQ: across every node). */
  pushQueueDepth: () => Promise<number>;
};

/**
 * Prometheus metrics of one server instance, on a registry of its own (tests run several
 * servers in one process). Rates (messages/s) come from the counters with `rate()`.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly messagesStored: Counter;
  readonly ackSeconds: Histogram<"event">;
  readonly eventErrors: Counter<"event" | "code">;

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
      name: "teamchat_push_queue_depth",
      help: "Web Push jobs waiting, delayed or running",
      registers,
      async collect() {
        this.set(await sources.pushQueueDepth().catch(() => -1));
      },
    });
  }
}
