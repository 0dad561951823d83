import { ServerEvent } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import { nextEvent, useTestServer } from "./harness.js";

const server = useTestServer();

describe("presence heartbeat", () => {
  it("a device that vanishes without closing (stops answering pings) goes offline for others within 30 s", async () => {
    const [gone, watcher] = [await server.user("hb-gone"), await server.user("hb-watch")];
    await gone.api.createDirectChat(watcher.id);
    const watcherSocket = await watcher.connect();
    const online = nextEvent(watcherSocket, ServerEvent.presenceUpdate, (p) => p.userId === gone.id && p.online);
    const goneSocket = await gone.connect();
    await online;

    // The device stops talking: no pong, no close frame (a dropped network, a lid shut).
    const engine = goneSocket.io.engine as unknown as { _sendPacket: (...args: unknown[]) => void };
    engine._sendPacket = () => {};
    const started = Date.now();
    const offline = await nextEvent(
      watcherSocket,
      ServerEvent.presenceUpdate,
      (p) => p.userId === gone.id && !p.online,
      30_000,
    );
    expect(offline.lastSeenAt).not.toBeNull();
    // Measured, not asserted (timing on a shared machine): ~20 s with pingInterval + pingTimeout 10 s + 10 s.
    console.log(`heartbeat: offline announced ${Date.now() - started} ms after the device went silent`);
    goneSocket.io.reconnection(false);
    goneSocket.disconnect();
  }, 40_000);
});
