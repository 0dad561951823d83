/**
 * One load-generator thread: connects its share of the users, sends on schedule with acks,
 * counts every message:new it receives (per sender and message number, so the main thread can
 * account for every delivery) and marks them delivered the way a client would.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ClientEvent, PROTOCOL_VERSION, ServerEvent, type ServerPayload } from "@teamchat/protocol";
import { type ChatSocket, request } from "@teamchat/sdk";
import { io } from "socket.io-client";
import { mapBounded, nowMs } from "../lib/stats.js";
import {
  type FromWorker,
  SendStatus,
  type ToWorker,
  type UserReport,
  type WorkerInit,
  type WorkerReport,
  type WorkerUser,
} from "./worker-protocol.js";

const init = workerData as WorkerInit;
if (!parentPort) throw new Error("worker.ts runs as a worker thread");
const port = parentPort;
const post = (message: FromWorker) => port.postMessage(message);

type Live = {
  user: WorkerUser;
  socket: ChatSocket | null;
  report: UserReport;
  memberPosition: Map<number, number>;
  maxSeqSeen: number;
  markedSeq: number;
  lastMarkAt: number;
  markInFlight: boolean;
  markTimer: NodeJS.Timeout | null;
};

const ackLatencies: number[] = [];
const e2eLatencies: number[] = [];
/** Of messages sent after the first STEADY_AFTER_MS: the first second carries every direct chat's first message (its announcement to the peer). */
const e2eSteadyLatencies: number[] = [];
/** When each of `e2eLatencies` was sent, ms into the send phase (for the tail per 10 s window). */
const e2eSentAfterStart: number[] = [];
const STEADY_AFTER_MS = 5_000;
let sendStartAt = Number.POSITIVE_INFINITY;
const ackErrors: Record<string, number> = {};
const counters = {
  ownEchoes: 0,
  deliveredMarksOk: 0,
  deliveredMarksFailed: 0,
  deliveredEvents: 0,
  disconnects: 0,
  unparsed: 0,
  lateSends: 0,
};
let pendingAcks = 0;
let lastReceiveAt = 0;
let closing = false;

const live: Live[] = init.users.map((user) => ({
  user,
  socket: null,
  report: {
    index: user.index,
    sendStatus: new Uint8Array(init.sendsPerUser),
    received: new Uint8Array(user.members.length * init.sendsPerUser),
  },
  memberPosition: new Map(user.members.map((m, i) => [m, i])),
  maxSeqSeen: 0,
  markedSeq: 0,
  lastMarkAt: 0,
  markInFlight: false,
  markTimer: null,
}));

/** Body carries sender index, message number and send time: "bench <sender> <n> <epoch ms>". */
function onMessage(l: Live, message: ServerPayload<typeof ServerEvent.messageNew>) {
  const receivedAt = nowMs();
  lastReceiveAt = receivedAt;
  const [tag, sender, n, sentAt] = message.body.split(" ");
  const position = l.memberPosition.get(Number(sender));
  const number = Number(n);
  if (tag !== "bench" || position === undefined || !(number >= 0 && number < init.sendsPerUser)) {
    counters.unparsed++;
    return;
  }
  if (Number(sender) === l.user.index) {
    counters.ownEchoes++; // the server echoes to the sender's own sockets (other tabs): not a delivery
    return;
  }
  const slot = position * init.sendsPerUser + number;
  l.report.received[slot] = Math.min(255, (l.report.received[slot] ?? 0) + 1);
  e2eLatencies.push(receivedAt - Number(sentAt));
  e2eSentAfterStart.push(Number(sentAt) - sendStartAt);
  if (Number(sentAt) >= sendStartAt + STEADY_AFTER_MS) e2eSteadyLatencies.push(receivedAt - Number(sentAt));
  if (message.seq > l.maxSeqSeen) l.maxSeqSeen = message.seq;
  scheduleDeliveredMark(l);
}

/**
 * Like a client: mark delivered up to the newest seq seen, at most one mark in flight and at
 * most one per `deliveredEveryMs` per chat (a group member receiving 49 msg/s does not send 49 marks).
 */
function scheduleDeliveredMark(l: Live) {
  if (l.markInFlight || l.markTimer || l.maxSeqSeen <= l.markedSeq || closing) return;
  const wait = l.lastMarkAt + init.deliveredEveryMs - performance.now();
  if (wait > 0) {
    l.markTimer = setTimeout(() => {
      l.markTimer = null;
      scheduleDeliveredMark(l);
    }, wait);
    return;
  }
  const socket = l.socket;
  if (!socket?.connected) return;
  const upToSeq = l.maxSeqSeen;
  l.markInFlight = true;
  l.lastMarkAt = performance.now();
  request(socket, ClientEvent.messageDelivered, { chatId: l.user.chatId, upToSeq }, init.ackTimeoutMs)
    .then(
      () => {
        counters.deliveredMarksOk++;
        l.markedSeq = Math.max(l.markedSeq, upToSeq);
      },
      () => {
        counters.deliveredMarksFailed++;
        l.markedSeq = Math.max(l.markedSeq, upToSeq); // give up on this one rather than retry forever
      },
    )
    .finally(() => {
      l.markInFlight = false;
      scheduleDeliveredMark(l); // messages that arrived meanwhile
    });
}

function connect(l: Live): Promise<void> {
  const auth = l.user.token
    ? { token: l.user.token, protocolVersion: PROTOCOL_VERSION }
    : { userId: l.user.userId, rooms: [l.user.chatId] };
  const socket: ChatSocket = io(init.url, {
    transports: ["websocket"],
    reconnection: false, // a drop must show up as a drop, not be papered over
    forceNew: true,
    timeout: 30_000,
    auth,
  });
  l.socket = socket;
  socket.on(ServerEvent.messageNew, (m) => onMessage(l, m));
  socket.on(ServerEvent.messageDelivered, () => {
    counters.deliveredEvents++;
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      socket.on("disconnect", () => {
        if (!closing) counters.disconnects++;
      });
      resolve();
    });
    socket.once("connect_error", (err) => reject(err));
  });
}

function sendOne(l: Live, n: number, scheduledAt: number) {
  const socket = l.socket;
  if (!socket?.connected) return;
  const sentAt = nowMs();
  if (sentAt - scheduledAt > init.intervalMs) counters.lateSends++;
  l.report.sendStatus[n] = SendStatus.awaitingAck;
  pendingAcks++;
  const payload = {
    chatId: l.user.chatId,
    clientId: `bench-${l.user.index}-${n}`,
    body: `bench ${l.user.index} ${n} ${sentAt.toFixed(3)}`,
  };
  request(socket, ClientEvent.messageSend, payload, init.ackTimeoutMs)
    .then(
      () => {
        ackLatencies.push(nowMs() - sentAt);
        l.report.sendStatus[n] = SendStatus.acked;
      },
      (err: { code?: string }) => {
        const code = err.code ?? "UNKNOWN";
        ackErrors[code] = (ackErrors[code] ?? 0) + 1;
        l.report.sendStatus[n] = code === "UNAVAILABLE" ? SendStatus.ackTimeout : SendStatus.ackError;
      },
    )
    .finally(() => {
      pendingAcks--;
    });
}

/** Each user sends every `intervalMs` from a random phase, so sends are spread, not in bursts. */
function startSending(startAt: number): Promise<void> {
  return new Promise((resolve) => {
    let running = live.length;
    if (running === 0) resolve();
    for (const l of live) {
      const phase = Math.random() * init.intervalMs;
      let n = 0;
      const tick = () => {
        const scheduledAt = startAt + phase + n * init.intervalMs;
        sendOne(l, n, scheduledAt);
        n++;
        if (n >= init.sendsPerUser) {
          if (--running === 0) resolve();
          return;
        }
        setTimeout(tick, Math.max(0, startAt + phase + n * init.intervalMs - nowMs()));
      };
      setTimeout(tick, Math.max(0, startAt + phase - nowMs()));
    }
  });
}

const waitUntil = async (done: () => boolean, maxMs: number) => {
  const deadline = performance.now() + maxMs;
  while (!done() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 25));
};

async function connectAll() {
  const errors: string[] = [];
  let failed = 0;
  await mapBounded(live, init.connectConcurrency, (l) =>
    connect(l).catch((err: Error) => {
      failed++;
      if (errors.length < 5) errors.push(err.message);
    }),
  );
  post({ type: "connected", ok: live.length - failed, failed, errors });
}

function main() {
  port.on("message", async (message: ToWorker) => {
    if (message.type === "connect") await connectAll();
    else if (message.type === "start") {
      sendStartAt = message.startAt;
      await startSending(message.startAt);
      await waitUntil(() => pendingAcks === 0, init.maxDrainMs);
      post({ type: "sent", pendingAcks });
    } else if (message.type === "collect") {
      // Every ack is in, so every message was already written to its receivers: wait for quiet.
      await waitUntil(() => nowMs() - lastReceiveAt >= init.quietMs, init.maxDrainMs);
      await waitUntil(() => live.every((l) => l.maxSeqSeen <= l.markedSeq || !l.socket?.connected), init.quietMs * 4);
      const report: WorkerReport = {
        users: live.map((l) => l.report),
        ackLatencies: Float64Array.from(ackLatencies),
        e2eLatencies: Float64Array.from(e2eLatencies),
        e2eSteadyLatencies: Float64Array.from(e2eSteadyLatencies),
        e2eSentAfterStart: Float64Array.from(e2eSentAfterStart),
        ackErrors,
        ...counters,
      };
      post({ type: "report", report });
    } else if (message.type === "close") {
      closing = true;
      for (const l of live) {
        if (l.markTimer) clearTimeout(l.markTimer);
        l.socket?.disconnect();
      }
      post({ type: "closed" });
    }
  });
}

main();
post({ type: "ready" });
