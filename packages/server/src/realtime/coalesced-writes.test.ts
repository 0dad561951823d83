import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo, Socket as TcpSocket } from "node:net";
import { Server } from "socket.io";
import { type Socket as ClientSocket, io as connect } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { coalesceWrites } from "./coalesced-writes.js";

type Running = { http: HttpServer; io: Server; client: ClientSocket; writes: () => number };

const open: Running[] = [];

/**
 * A Socket.IO server on 127.0.0.1 with one WebSocket client; `writes` counts the write calls
 * (`_write` or `_writev`: each is one syscall) on the server's side of that client's TCP socket.
 */
async function start(
  coalesce: boolean,
  onConnection: (socket: import("socket.io").Socket) => void,
  transports: ("polling" | "websocket")[] = ["websocket"],
) {
  const http = createServer();
  const io = new Server(http);
  if (coalesce) coalesceWrites(io);
  let count = 0;
  io.on("connection", (socket) => {
    if (socket.conn.transport.name !== "websocket") return onConnection(socket);
    const tcp = (socket.conn.transport as unknown as { socket: { _socket: TcpSocket } }).socket._socket;
    const counted = tcp as unknown as Record<"_write" | "_writev", (...args: unknown[]) => unknown>;
    for (const method of ["_write", "_writev"] as const) {
      const original = counted[method].bind(tcp);
      counted[method] = (...args: unknown[]) => {
        count++;
        return original(...args);
      };
    }
    onConnection(socket);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  const client = connect(`http://127.0.0.1:${port}`, { transports, reconnection: false });
  const running = { http, io, client, writes: () => count };
  open.push(running);
  return running;
}

afterEach(async () => {
  for (const { client, io } of open.splice(0)) {
    client.disconnect();
    await io.close();
  }
});

function receive(client: ClientSocket, n: number): Promise<unknown[]> {
  const got: unknown[] = [];
  return new Promise((resolve) => {
    client.on("n", (value: unknown) => {
      got.push(value);
      if (got.length === n) resolve(got);
    });
  });
}

/** Three events emitted in one turn once the handshake's own packets are out: what arrived, in how many writes. */
async function threeEventsInOneTurn(coalesce: boolean): Promise<{ received: unknown[]; writes: number }> {
  let emitted = () => 0;
  const running = await start(coalesce, (socket) => {
    setTimeout(() => {
      const before = running.writes();
      for (const n of [1, 2, 3]) socket.emit("n", n);
      emitted = () => running.writes() - before;
    }, 50);
  });
  const received = await receive(running.client, 3);
  return { received, writes: emitted() };
}

describe("coalesceWrites", () => {
  it("writes the packets of one turn in one syscall, in order", async () => {
    expect(await threeEventsInOneTurn(true)).toEqual({ received: [1, 2, 3], writes: 1 });
  });

  it("without it, the same three events take more than one write", async () => {
    const { received, writes } = await threeEventsInOneTurn(false);
    expect(received).toEqual([1, 2, 3]);
    expect(writes).toBeGreaterThan(1);
  });

  it("packets of an ack and an event in one turn arrive together, and later turns still flush", async () => {
    const running = await start(true, (socket) => {
      socket.on("ping-me", (value: number, ack: (v: number) => void) => {
        socket.emit("n", value);
        ack(value * 10);
        setTimeout(() => socket.emit("n", value + 1), 20);
      });
    });
    const events = receive(running.client, 2);
    const acked = await running.client.timeout(2_000).emitWithAck("ping-me", 7);
    expect(acked).toBe(70);
    expect(await events).toEqual([7, 8]);
  });

  it("delivers what was emitted just before the server closes the connection", async () => {
    const running = await start(true, (socket) => {
      setTimeout(() => {
        socket.emit("n", 1);
        socket.emit("n", 2);
        socket.disconnect(true);
      }, 50);
    });
    const disconnected = new Promise((resolve) => running.client.on("disconnect", resolve));
    expect(await receive(running.client, 2)).toEqual([1, 2]);
    await disconnected;
  });

  it("a packet emitted while the client upgrades from polling, then a close, still arrives", async () => {
    // engine.io's upgrade, when it lands on a closing connection, flushes and closes the new
    // transport at once: the flush must not be deferred there (the server's shutdown hint).
    const running = await start(
      true,
      (socket) => {
        socket.conn.once("upgrading", () => {
          socket.emit("n", 1);
          socket.conn.close();
        });
      },
      ["polling", "websocket"],
    );
    const disconnected = new Promise((resolve) => running.client.on("disconnect", resolve));
    expect(await receive(running.client, 1)).toEqual([1]);
    await disconnected;
  });
});
