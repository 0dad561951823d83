import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PROTOCOL_VERSION } from "@teamchat/protocol";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.js";

let server: TestServer;
let webDir: string;
beforeAll(async () => {
  webDir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-web-"));
  await fs.writeFile(path.join(webDir, "index.html"), "<!doctype html><title>shell</title>");
  server = await startTestServer({ WEB_DIST_DIR: webDir, ALLOWED_ORIGINS: "https://intranet.example" });
});
afterAll(async () => {
  await server.stop();
  await fs.rm(webDir, { recursive: true, force: true });
});

describe("one port: web app and API", () => {
  it("serves the app shell with security headers, and its client-side routes", async () => {
    const res = await fetch(`${server.baseUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' https://intranet.example");
    // Every address of the web app (packages/web/src/app/routes.ts) loads the shell.
    for (const route of ["/chats/some-id", "/chats/some-id?seq=3", "/chats/some-id/info", "/search"]) {
      expect(await (await fetch(`${server.baseUrl}${route}`)).text()).toContain("shell");
    }
    const api404 = await fetch(`${server.baseUrl}/api/unknown`);
    expect(api404.status).toBe(404);
    expect(await api404.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});

describe("origins", () => {
  const tryConnect = (origin: string | null, token: string) =>
    new Promise<string>((resolve) => {
      const socket = io(server.baseUrl, {
        transports: ["websocket"],
        auth: { token, protocolVersion: PROTOCOL_VERSION },
        reconnection: false,
        ...(origin && { extraHeaders: { origin } }),
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

  it("websockets from a foreign browser origin are refused; allowed and same origins connect", async () => {
    const user = await server.user("origin");
    const token = user.session.accessToken;
    expect(await tryConnect("https://evil.example", token)).toBe("refused");
    expect(await tryConnect("https://intranet.example", token)).toBe("connected");
    expect(await tryConnect(server.baseUrl, token)).toBe("connected");
    expect(await tryConnect(null, token)).toBe("connected"); // non-browser clients send no Origin
  });

  it("CORS answers only the allowed origin", async () => {
    const preflight = (origin: string) =>
      fetch(`${server.baseUrl}/api/chats`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
    expect((await preflight("https://intranet.example")).headers.get("access-control-allow-origin")).toBe(
      "https://intranet.example",
    );
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });
});
