import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import type { ServerEventName, ServerPayload, Session } from "@teamchat/protocol";
import { ApiClient, type ChatSocket, createSocket, memoryCookieJar } from "@teamchat/sdk";
import { afterAll, beforeAll } from "vitest";
import { type BuiltApp, buildApp } from "../src/app.js";
import { type Config, loadConfig } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { openTestDatabase } from "./databases.js";

export type TestServer = {
  baseUrl: string;
  built: BuiltApp;
  database: Database;
  /** Registers a user with a unique name and returns a signed-in client for them. */
  user: (name?: string) => Promise<TestUser>;
  /** A REST client with no session. */
  anonymous: () => ApiClient;
  /** Stops the server (sockets dropped, database kept) and starts it again on the same port. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
};

export type TestUser = {
  id: string;
  username: string;
  session: Session;
  api: ApiClient;
  /** Opens a new socket (a new tab/device) and waits until it is connected. */
  connect: () => Promise<ChatSocket>;
};

/** A real server on 127.0.0.1 with a fresh database; every socket it hands out is closed by stop(). */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { shareDatabaseWith?: TestServer; logStream?: Writable } = {},
): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-test-"));
  const shared = options.shareDatabaseWith;
  // A second node on the same database: the first server owns (and drops) it.
  const { database, drop } = shared ? { database: shared.database, drop: async () => {} } : await openTestDatabase();
  const config: Config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    JWT_SECRET: shared?.built.ctx.config.jwtSecret ?? crypto.randomBytes(32).toString("hex"),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    RATE_LIMIT_HTTP_PER_MINUTE: "100000",
    RATE_LIMIT_AUTH_PER_MINUTE: "100000",
    RATE_LIMIT_MESSAGES_PER_10S: "100000",
    RATE_LIMIT_SSO_PER_IP_PER_MINUTE: "100000",
    RATE_LIMIT_SSO_PER_USER_PER_MINUTE: "100000",
    RATE_LIMIT_REFRESH_PER_IP_PER_MINUTE: "100000",
    RATE_LIMIT_REFRESH_PER_SESSION_PER_MINUTE: "100000",
    // Nodes of one test share a Redis namespace; other tests (and other runs) never see it.
    REDIS_KEY_PREFIX: shared?.built.ctx.config.redisKeyPrefix ?? `tct-${crypto.randomBytes(5).toString("hex")}:`,
    ...env,
  });
  let built = await buildApp(config, { database, ...(options.logStream && { logStream: options.logStream }) });
  await built.app.listen({ host: "127.0.0.1", port: 0 });
  const address = built.app.server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  const port = address.port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const sockets = new Set<ChatSocket>();

  const anonymous = () => new ApiClient({ baseUrl, cookieJar: memoryCookieJar() });

  const user = async (name = "user"): Promise<TestUser> => {
    const username = `${name}-${crypto.randomBytes(4).toString("hex")}`.toLowerCase();
    let token: string | null = null;
    const api = new ApiClient({ baseUrl, getAccessToken: () => token, cookieJar: memoryCookieJar() });
    const session = await api.register({ username, password: "correct horse battery", displayName: name });
    token = session.accessToken;
    const connect = async () => {
      const socket = createSocket({ serverUrl: baseUrl, getToken: () => token, autoConnect: false });
      sockets.add(socket);
      await connected(socket);
      return socket;
    };
    return { id: session.user.id, username, session, api, connect };
  };

  const server: TestServer = {
    baseUrl,
    built,
    database,
    user,
    anonymous,
    restart: async () => {
      await built.close();
      built = await buildApp(config, { database });
      await built.app.listen({ host: "127.0.0.1", port });
      server.built = built;
    },
    stop: async () => {
      for (const s of sockets) s.disconnect();
      // A test may have closed the app (or its database) itself: the scratch database is dropped anyway.
      await built.close().catch(() => {});
      if (!shared) {
        await database.close().catch(() => {});
        await drop();
      }
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

export function connected(socket: ChatSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
    socket.connect();
  });
}

/** Resolves with the next `event` payload matching `match`, or rejects after `timeoutMs`. */
export function nextEvent<E extends ServerEventName>(
  socket: ChatSocket,
  event: E,
  match: (payload: ServerPayload<E>) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<ServerPayload<E>> {
  return new Promise((resolve, reject) => {
    const on = socket.on.bind(socket) as (e: string, l: (p: ServerPayload<E>) => void) => void;
    const off = socket.off.bind(socket) as (e: string, l: (p: ServerPayload<E>) => void) => void;
    const timer = setTimeout(() => {
      off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload: ServerPayload<E>) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off(event, listener);
      resolve(payload);
    };
    on(event, listener);
  });
}

/** Collects every `event` payload from now on, for asserting that something did NOT arrive. */
export function collect<E extends ServerEventName>(socket: ChatSocket, event: E): ServerPayload<E>[] {
  const seen: ServerPayload<E>[] = [];
  (socket.on.bind(socket) as (e: string, l: (p: ServerPayload<E>) => void) => void)(event, (p) => seen.push(p));
  return seen;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh idempotency key, as a client would generate. */
export const newClientId = () => crypto.randomUUID();

/**
 * One server for a whole test file: started before its tests, stopped after. The returned
 * object forwards to the running server.
 */
export function useTestServer(env: Record<string, string> = {}): TestServer {
  let current: TestServer | null = null;
  beforeAll(async () => {
    current = await startTestServer(env);
  });
  afterAll(async () => {
    await current?.stop();
  });
  return new Proxy({} as TestServer, {
    get: (_, key: keyof TestServer) => {
      if (!current) throw new Error("the test server is not running yet");
      return current[key];
    },
  });
}

/**
 * Waits until `condition` holds (polled every 20 ms), failing after `timeoutMs`: for state a
 * client reaches on its own (a connection going live, a cache catching up).
 */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await sleep(20);
  }
}
