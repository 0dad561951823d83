import { ErrorCatalogue, PROTOCOL_VERSION } from "@teamchat/protocol";
import { createSocket } from "@teamchat/sdk";
import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { useTestServer } from "./harness.js";

const server = useTestServer();

/** Connects a raw socket.io client with this handshake; resolves "connected" or the refusal's error body. */
function handshake(auth: Record<string, unknown>) {
  return new Promise<"connected" | { code?: string; message?: string }>((resolve) => {
    const socket = io(server.baseUrl, { transports: ["websocket"], reconnection: false, forceNew: true, auth });
    socket.once("connect", () => {
      socket.disconnect();
      resolve("connected");
    });
    socket.once("connect_error", (err: Error & { data?: { code?: string; message?: string } }) => {
      socket.disconnect();
      resolve(err.data ?? {});
    });
  });
}

describe("protocol version in the socket handshake", () => {
  it("accepts the current version", async () => {
    const ann = await server.user("pv-ann");
    expect(await handshake({ token: ann.session.accessToken, protocolVersion: PROTOCOL_VERSION })).toBe("connected");
  });

  it("refuses an older or a missing version with CLIENT_OUTDATED (not retryable, says to update)", async () => {
    const ann = await server.user("pv-old");
    const token = ann.session.accessToken;
    for (const protocolVersion of [PROTOCOL_VERSION - 1, undefined, "1", 1.5]) {
      const answer = await handshake({ token, ...(protocolVersion !== undefined && { protocolVersion }) });
      expect(answer).toMatchObject({ code: "CLIENT_OUTDATED" });
      expect((answer as { message: string }).message).toMatch(/update/);
    }
    expect(ErrorCatalogue.CLIENT_OUTDATED.retryable).toBe(false);
  });

  it("an outdated client is refused before its token is even looked at", async () => {
    expect(await handshake({ token: "not-a-token", protocolVersion: 0 })).toMatchObject({ code: "CLIENT_OUTDATED" });
  });

  it("a client newer than this node (a rolling deploy) is told to retry: UNAVAILABLE", async () => {
    const ann = await server.user("pv-new");
    const answer = await handshake({ token: ann.session.accessToken, protocolVersion: PROTOCOL_VERSION + 1 });
    expect(answer).toMatchObject({ code: "UNAVAILABLE" });
    expect(ErrorCatalogue.UNAVAILABLE.retryable).toBe(true);
  });

  it("the SDK's socket sends the current version: it connects", async () => {
    const ann = await server.user("pv-sdk");
    const socket = createSocket({ serverUrl: server.baseUrl, getToken: () => ann.session.accessToken });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      expect(socket.connected).toBe(true);
    } finally {
      socket.disconnect();
    }
  });
});
