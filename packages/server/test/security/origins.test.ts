import { ApiPath, PROTOCOL_VERSION } from "@teamchat/protocol";
import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { useTestServer } from "../harness.js";

/**
 * Cross-site websocket hijacking and CORS: a page on a foreign origin can neither open a socket
 * (websocket or polling) nor read API answers. Lookalike origins do not pass for ours.
 * (Allowed origin and same-origin cases: ../http-security.test.ts.)
 */
const server = useTestServer({ ALLOWED_ORIGINS: "https://intranet.example" });

function tryConnect(origin: string, token: string, transport: "websocket" | "polling") {
  return new Promise<string>((resolve) => {
    const socket = io(server.baseUrl, {
      transports: [transport],
      auth: { token, protocolVersion: PROTOCOL_VERSION },
      reconnection: false,
      extraHeaders: { origin },
      timeout: 5_000,
    });
    socket.once("connect", () => {
      socket.disconnect();
      resolve("connected");
    });
    socket.once("connect_error", () => {
      socket.disconnect();
      resolve("refused");
    });
  });
}

describe("cross-site sockets and CORS", () => {
  const foreign = () => [
    "https://evil.example",
    "null",
    `http://127.0.0.1:${new URL(server.baseUrl).port}.evil.example`,
    `http://evil.example/${new URL(server.baseUrl).host}`,
    "https://intranet.example.evil.example",
    "https://evil-intranet.example",
    "http://intranet.example", // the allowed origin is https only
    `${server.baseUrl}@evil.example`,
    "javascript:alert(1)",
  ];

  it("websocket and polling handshakes from foreign or lookalike origins are refused", async () => {
    const token = (await server.user("or-ws")).session.accessToken;
    for (const origin of foreign()) {
      for (const transport of ["websocket", "polling"] as const) {
        expect(await tryConnect(origin, token, transport), `${transport} ${origin}`).toBe("refused");
      }
    }
    expect(await tryConnect("https://intranet.example", token, "polling")).toBe("connected");
    expect(server.built.ctx.io.sockets.sockets.size).toBeLessThanOrEqual(1);
  });

  it("CORS: no foreign origin is allowed to read an API answer, with or without credentials", async () => {
    const user = await server.user("or-cors");
    for (const origin of foreign()) {
      const preflight = await fetch(`${server.baseUrl}${ApiPath.refresh}`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
      expect(preflight.headers.get("access-control-allow-origin"), origin).toBeNull();
      const read = await fetch(`${server.baseUrl}${ApiPath.me}`, {
        headers: { origin, authorization: `Bearer ${user.session.accessToken}` },
      });
      // Without Access-Control-Allow-Origin the browser hides the answer (credentials header or not).
      expect(read.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });
});
