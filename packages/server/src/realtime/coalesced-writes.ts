import type { Server } from "socket.io";

/**
 * The parts of an engine.io connection this module touches (engine.io's `Socket`; its transport
 * is the WebSocket one after the upgrade, whose `socket` is the `ws` WebSocket over a net.Socket).
 */
type EngineConnection = {
  readyState: string;
  flush(): void;
  close(discard?: boolean): unknown;
  transport?: { socket?: { _socket?: { cork(): void; uncork(): void } } };
};

/**
 * Every packet of one event-loop turn goes out to a connection in one write, as Redis answers
 * its clients once per loop and uWebSockets corks per turn. engine.io writes each packet as soon
 * as it is emitted, one `writev` per WebSocket frame, and on loopback a write also delivers the
 * data to the reader: the syscall was a third of the main thread's busy time at 1,000 msg/s
 * (docs/benchmarks.md, session 12). A send emits to its sender's socket the message and then the
 * ack, a delivered mark the ✓✓ event and then its ack: each pair came out as two writes.
 *
 * The connection's flush is deferred to the end of the turn (`setImmediate`, once per turn), and
 * the frames it sends then are written under one cork. Same packets, same order, same socket:
 * only the number of syscalls changes.
 */
export function coalesceWrites(io: Server): void {
  io.engine.on("connection", (connection: EngineConnection) => deferFlush(connection));
}

function deferFlush(connection: EngineConnection): void {
  const flushNow = connection.flush.bind(connection);
  const closeNow = connection.close.bind(connection);
  let scheduled = false;
  const flushScheduled = () => {
    if (!scheduled) return;
    scheduled = false;
    const tcp = connection.transport?.socket?._socket;
    if (!tcp) return flushNow();
    tcp.cork();
    try {
      flushNow();
    } finally {
      tcp.uncork();
    }
  };
  connection.flush = () => {
    // Synchronous as engine.io wrote it, except on an open WebSocket: long polling's answer
    // already carries every waiting packet, and a closing connection counts on the flush having
    // happened (an upgrade that lands during a close flushes, then closes the new transport at
    // once: deferred, the shutdown's reconnect hint was lost).
    if (connection.readyState !== "open" || !connection.transport?.socket?._socket) return flushNow();
    if (scheduled) return;
    scheduled = true;
    setImmediate(flushScheduled);
  };
  // What was emitted before a close goes out before it, as it did when every packet was
  // written at once (the shutdown's reconnect hint is followed by a close in the same turn).
  connection.close = (discard?: boolean) => {
    flushScheduled();
    return closeNow(discard);
  };
}
