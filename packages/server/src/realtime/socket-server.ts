import type { IncomingMessage } from "node:http";
import { checkProtocolVersion, type ErrorBody, PROTOCOL_VERSION } from "@teamchat/protocol";
import type { FastifyInstance } from "fastify";
import { Server } from "socket.io";
import type { Config } from "../config.js";
import type { AppContext } from "../context.js";
import { AppError, toAppError } from "../errors.js";
import { chatIdsOfUser } from "../modules/chats/chats.repo.js";
import { messageHandlers } from "../modules/messages/messages.socket.js";
import { pinHandlers } from "../modules/pins/pins.socket.js";
import { presenceHandlers, presenceLifecycle } from "../modules/presence/presence.socket.js";
import { reactionHandlers } from "../modules/reactions/reactions.socket.js";
import { receiptHandlers } from "../modules/receipts/receipts.socket.js";
import { typingHandlers } from "../modules/typing/typing.socket.js";
import { findUserById } from "../modules/users/users.repo.js";
import { voiceHandlers } from "../modules/voice/voice.socket.js";
import { coalesceWrites } from "./coalesced-writes.js";
import type { ChatIo, ChatSocket } from "./io.js";
import { chatRoom, userRoom } from "./rooms.js";
import { bindHandler } from "./socket-handler.js";

const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

/** An engine.io connection: a socket's transport, or a handshake not yet a socket. */
type Transport = ChatSocket["conn"];
const openTransports = new WeakMap<ChatIo, Set<Transport>>();

export function createSocketServer(app: FastifyInstance, config: Config): ChatIo {
  const io: ChatIo = new Server(app.server, {
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    cors: { origin: config.allowedOrigins, credentials: true },
    allowRequest: (req, callback) => callback(null, isOriginAllowed(req, config.allowedOrigins)),
    // A device that vanishes without closing (network gone, laptop lid shut) is dropped, and so
    // announced offline to others, at most pingInterval + pingTimeout = 20 s later (issue 16: 30 s).
    pingInterval: 10_000,
    pingTimeout: 10_000,
    // engine.io's own threshold when on: frames under 1 KB are sent as they are.
    perMessageDeflate: config.wsPerMessageDeflate ? { threshold: 1024 } : false,
  });
  if (config.wsCoalesceWrites) coalesceWrites(io);
  const transports = new Set<Transport>();
  openTransports.set(io, transports);
  io.engine.on("connection", (transport: Transport) => {
    transports.add(transport);
    transport.once("close", () => transports.delete(transport));
  });
  return io;
}

/**
 * Closes every transport, sockets' and handshakes' still under way alike, after their queued
 * packets: the HTTP server cannot finish closing while one is open, and a handshake that is
 * not a socket yet is in no namespace's list (lifecycle.test.ts).
 */
export function closeAllTransports(io: ChatIo): void {
  for (const transport of openTransports.get(io) ?? []) transport.close();
}

/** Browsers must come from our own origin or a configured one; non-browser clients send none. */
export function isOriginAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Refuses a client whose protocol version this server does not speak, before anything else: an
 * outdated app is told to update (CLIENT_OUTDATED, not retryable); an app newer than this node
 * (a rolling deploy) is told to retry, reaching an updated node through the load balancer.
 */
function assertCompatibleClient(auth: Record<string, unknown>): void {
  const check = checkProtocolVersion(auth.protocolVersion);
  if (check === "client-outdated") throw new AppError("CLIENT_OUTDATED");
  if (check === "server-outdated") {
    throw new AppError("UNAVAILABLE", `This server speaks protocol version ${PROTOCOL_VERSION}; reconnect`);
  }
}

/**
 * Authenticates every socket (JWT in `auth.token`), joins it to its user's room and its chats'
 * rooms, and binds every module's handlers. Modules own their handlers; this file only wires.
 */
export function attachRealtime(ctx: AppContext): void {
  const { io } = ctx;
  const presence = presenceLifecycle(ctx);
  const handlers = [
    ...messageHandlers(ctx),
    ...reactionHandlers(ctx),
    ...voiceHandlers(ctx),
    ...receiptHandlers(ctx),
    ...typingHandlers(ctx),
    ...presenceHandlers(ctx),
    ...pinHandlers(ctx),
  ];
  const initialChats = new WeakMap<ChatSocket, string[]>();

  ctx.presence.start((userId) => {
    ctx.inflight
      .track(presence.onExpired(userId))
      .catch((err: unknown) => ctx.log.warn({ err }, "presence update on expiry failed"));
  });

  io.use(async (socket, next) => {
    // Shutting down: the client tries again shortly, through the load balancer, elsewhere. Its
    // transport is closed too (after the refusal goes out), or it would hold the server open.
    const refuseIfDraining = () => {
      if (!ctx.isDraining()) return false;
      const body = new AppError("UNAVAILABLE", "This node is shutting down; reconnect").toBody();
      next(Object.assign(new Error(body.message), { data: body }));
      socket.conn.close();
      return true;
    };
    try {
      if (refuseIfDraining()) return;
      assertCompatibleClient(socket.handshake.auth);
      const { userId } = await ctx.accessTokens.verify((socket.handshake.auth as { token?: unknown }).token);
      if (!(await findUserById(ctx.db, userId))) throw new AppError("UNAUTHENTICATED", "This account no longer exists");
      const chatIds = await chatIdsOfUser(ctx.db, userId);
      // Shutdown may have begun during the lookups, after it closed every transport it knew.
      if (refuseIfDraining()) return;
      socket.data.userId = userId;
      initialChats.set(socket, chatIds);
      next();
    } catch (err) {
      const body: ErrorBody = toAppError(err).toBody();
      next(Object.assign(new Error(body.message), { data: body }));
    }
  });

  io.on("connection", (socket) => {
    // Synchronous from here: no event can arrive before the rooms and handlers are in place.
    socket.join([userRoom(socket.data.userId), ...(initialChats.get(socket) ?? []).map(chatRoom)]);
    initialChats.delete(socket);
    ctx.log.debug({ socketId: socket.id, userId: socket.data.userId }, "socket connected");
    for (const handler of handlers) bindHandler(ctx, socket, handler);
    ctx.inflight
      .track(presence.onConnect(socket))
      .catch((err: unknown) => ctx.log.warn({ err }, "presence update on connect failed"));
    socket.on("disconnecting", (reason) => {
      ctx.log.debug({ socketId: socket.id, userId: socket.data.userId, reason }, "socket disconnected");
      ctx.inflight
        .track(presence.onDisconnecting(socket))
        .catch((err: unknown) => ctx.log.warn({ err }, "presence update on disconnect failed"));
    });
  });
}
