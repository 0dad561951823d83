import type { ChatClient } from "@teamchat/sdk";
import type { Cluster } from "../../deploy/cluster.js";
import { expectConverged, type Fleet, recorder, signInAll, until } from "../../fault/lib/fleet.js";
import type { Database } from "../../packages/server/src/db/database.js";
import { type Percentiles, percentiles } from "../lib/stats.js";

export type StormResult = {
  clients: number;
  /** Signing in and connecting every client the first time (a cold start storm). */
  firstConnectMs: number;
  /** From nginx back up until every client is live again. */
  allLiveMs: number;
  /** From nginx back up until every outbox is empty and every cache equals the database. */
  fullRecoveryMs: number;
  messagesQueuedOffline: number;
  /** Each node's /healthz, asked directly (not through nginx) every 100 ms during the recovery. */
  healthzMs: Percentiles;
};

/**
 * The reconnect storm: N signed-in clients (pairs in direct chats) all live behind nginx;
 * nginx stops (every socket drops at once); while it is down, one client of each pair writes a
 * message (it waits in the SDK's outbox); nginx comes back and every client reconnects at the
 * same moment, flushes its outbox and catches up. Measured, not asserted: the time until all
 * are live and all caches equal the server, and how the nodes answer meanwhile.
 */
export async function runReconnectStorm(options: {
  cluster: Cluster;
  database: Database;
  fleet: Fleet;
  signInConcurrency?: number;
  log?: (line: string) => void;
}): Promise<{ result: StormResult; clients: ChatClient[] }> {
  const { cluster, database, fleet } = options;
  const log = options.log ?? (() => {});
  const chatsOf = new Map<number, string[]>();
  for (const chat of fleet.chats) for (const m of chat.members) chatsOf.set(m, [...(chatsOf.get(m) ?? []), chat.id]);

  let started = Date.now();
  const clients = await signInAll(
    database,
    cluster.url,
    fleet.userIds,
    (i) => chatsOf.get(i) ?? [],
    options.signInConcurrency ?? 50,
  );
  const firstConnectMs = Date.now() - started;
  log(`${clients.length} clients signed in and live in ${firstConnectMs} ms`);

  await cluster.stopBalancer();
  await until(() => clients.every((c) => c.connection !== "live"), 30_000, "every client noticed the drop");
  const record = recorder();
  for (const chat of fleet.chats) {
    const writer = chat.members[0] as number;
    await record.send(clients[writer] as ChatClient, writer, chat.id, `offline from ${writer}`);
  }

  // Probes straight to the nodes (not through nginx): are they still answering?
  const healthz: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      for (const node of cluster.nodes) {
        const t = performance.now();
        await fetch(`${node.url}/healthz`).then(
          () => healthz.push(performance.now() - t),
          () => {},
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  started = Date.now();
  await cluster.startBalancer();
  await until(() => clients.every((c) => c.connection === "live"), 300_000, "every client live again");
  const allLiveMs = Date.now() - started;
  log(`all ${clients.length} live again after ${allLiveMs} ms`);
  await expectConverged(database, fleet, clients, record.queued, 300_000);
  const fullRecoveryMs = Date.now() - started;
  probing = false;
  await probe;
  log(`fully recovered (outboxes flushed, caches equal the server) after ${fullRecoveryMs} ms`);

  return {
    clients,
    result: {
      clients: clients.length,
      firstConnectMs,
      allLiveMs,
      fullRecoveryMs,
      messagesQueuedOffline: record.queued.size,
      healthzMs: percentiles(healthz),
    },
  };
}
