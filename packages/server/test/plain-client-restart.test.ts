import { PROTOCOL_VERSION, ServerEvent } from "@teamchat/protocol";
import { request } from "@teamchat/sdk";
import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { newClientId, useTestServer } from "./harness.js";

const server = useTestServer();

describe("a plain socket.io-client (a bot without our SDK) across a server restart", () => {
  it("reconnects by itself with default options and receives messages again", async () => {
    const [bot, human] = [await server.user("plain-bot"), await server.user("plain-human")];
    const chat = await human.api.createGroupChat({ name: "with a bot", memberIds: [bot.id] });
    // Unmodified client: default options, only what the handshake asks (token, protocol version).
    const socket = io(server.baseUrl, { auth: { token: bot.session.accessToken, protocolVersion: PROTOCOL_VERSION } });
    try {
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      const hint = new Promise<unknown>((resolve) => socket.once(ServerEvent.serverReconnect, resolve));
      const reasons: string[] = [];
      socket.on("disconnect", (reason) => reasons.push(reason));
      const back = new Promise<void>((resolve) => socket.once("connect", () => resolve()));

      await server.restart();
      expect(await hint).toMatchObject({ reason: "shutdown" });
      await back;
      expect(reasons).toEqual(["transport close"]);
      expect(socket.connected).toBe(true);

      const arrived = new Promise<{ body: string }>((resolve) => socket.once(ServerEvent.messageNew, resolve));
      const sender = await human.connect();
      await request(sender, "message:send", { chatId: chat.id, clientId: newClientId(), body: "welcome back" });
      expect((await arrived).body).toBe("welcome back");
    } finally {
      socket.close();
    }
    // A restart (drain, stop, start on the same database) plus the client's own backoff: on a
    // busy 2-core machine that alone has taken over 30 s.
  }, 90_000);
});
