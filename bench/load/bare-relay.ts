/**
 * The floor: a bare Socket.IO relay with the same event names, rooms and payload shapes as the
 * real server, but no auth, no validation and no storage. Sockets name their user and rooms in
 * the handshake; `message:send` gets an in-memory seq, is emitted to the chat room and acked;
 * `message:delivered` is relayed to the room and acked. Same env (HOST, PORT) as the server.
 */
import crypto from "node:crypto";
import http from "node:http";
import { ClientEvent, ServerEvent } from "@teamchat/protocol";
import { Server } from "socket.io";

type Handshake = { userId?: unknown; rooms?: unknown };
type Ack = (answer: unknown) => void;
type Pointer = { chatId: string; upToSeq: number };
type Send = { chatId: string; clientId: string; body: string };

const chatRoom = (chatId: string) => `chat:${chatId}`;
const lastSeq = new Map<string, number>();

const httpServer = http.createServer((req, res) => {
  res.writeHead(req.url === "/healthz" ? 200 : 404, { "content-type": "application/json" });
  res.end('{"status":"ok"}');
});
// Same transport settings as the real server's createSocketServer.
const io = new Server(httpServer, { maxHttpBufferSize: 64 * 1024, pingInterval: 25_000, pingTimeout: 20_000 });

io.on("connection", (socket) => {
  const auth = socket.handshake.auth as Handshake;
  const userId = typeof auth.userId === "string" ? auth.userId : socket.id;
  const rooms = Array.isArray(auth.rooms) ? auth.rooms.filter((r): r is string => typeof r === "string") : [];
  socket.join([`user:${userId}`, ...rooms.map(chatRoom)]);

  socket.on(ClientEvent.messageSend, (payload: Send, ack: Ack) => {
    const seq = (lastSeq.get(payload.chatId) ?? 0) + 1;
    lastSeq.set(payload.chatId, seq);
    const message = {
      id: crypto.randomUUID(),
      chatId: payload.chatId,
      seq,
      senderId: userId,
      clientId: payload.clientId,
      kind: "text",
      body: payload.body,
      createdAt: new Date().toISOString(),
    };
    io.to(chatRoom(payload.chatId)).emit(ServerEvent.messageNew, message);
    ack({ ok: true, message, duplicate: false });
  });

  socket.on(ClientEvent.messageDelivered, (payload: Pointer, ack: Ack) => {
    io.to(chatRoom(payload.chatId)).emit(ServerEvent.messageDelivered, { ...payload, userId });
    ack({ ok: true, upToSeq: payload.upToSeq });
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? "127.0.0.1");

const stop = () => {
  io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
