/** Opens its share of idle sockets, holds them and reports how many stayed connected. */
import { parentPort, workerData } from "node:worker_threads";
import { PROTOCOL_VERSION } from "@teamchat/protocol";
import type { ChatSocket } from "@teamchat/sdk";
import { io } from "socket.io-client";
import { mapBounded } from "../lib/stats.js";
import type { FromIdleWorker, IdleWorkerInit, ToIdleWorker } from "./worker-protocol.js";

const init = workerData as IdleWorkerInit;
if (!parentPort) throw new Error("idle/worker.ts runs as a worker thread");
const port = parentPort;
const post = (m: FromIdleWorker) => port.postMessage(m);
const sockets: ChatSocket[] = [];
let disconnects = 0;
let closing = false;

function connect(spec: IdleWorkerInit["sockets"][number]): Promise<void> {
  const socket: ChatSocket = io(init.url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
    auth: spec.token ? { token: spec.token, protocolVersion: PROTOCOL_VERSION } : { userId: spec.userId, rooms: [] },
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      socket.on("disconnect", () => {
        if (!closing) disconnects++;
      });
      resolve();
    });
    socket.once("connect_error", reject);
  });
}

port.on("message", async (message: ToIdleWorker) => {
  if (message.type === "connect") {
    const start = performance.now();
    const errors: string[] = [];
    let failed = 0;
    await mapBounded(init.sockets, init.connectConcurrency, (spec) =>
      connect(spec).catch((err: Error) => {
        failed++;
        if (errors.length < 5) errors.push(err.message);
      }),
    );
    post({ type: "connected", ok: init.sockets.length - failed, failed, errors, ms: performance.now() - start });
  } else if (message.type === "count") {
    post({ type: "count", connected: sockets.filter((s) => s.connected).length, disconnects });
  } else {
    closing = true;
    for (const s of sockets) s.disconnect();
    post({ type: "closed" });
  }
});
post({ type: "ready" });
