import { ServerEvent } from "@teamchat/protocol";
import type { AppContext } from "../context.js";
import { recentChatHeads } from "../modules/chats/chat-heads.repo.js";
import { chatRoom } from "./rooms.js";

/** How often each node tells its own sockets the heads of recently active chats. */
export const CHAT_HEAD_INTERVAL_MS = 2_000;
/** How far back "recently active" reaches: a few intervals, so a slow commit is not skipped. */
const ACTIVE_WITHIN_SECONDS = 6;

/**
 * Several nodes only: a broadcast can be lost between nodes (a node that dies while Redis is
 * away takes its queued broadcasts with it), and a client that stayed connected would keep the
 * hole until its next reconnect. So every node reads, every CHAT_HEAD_INTERVAL_MS, the heads of
 * the chats that got a message in the last few seconds from the database and emits each to its
 * own sockets in that chat's room (local only: no Redis involved). A client whose cursor is
 * behind a head syncs that chat. Returns the stopper.
 */
export function startChatHeads(ctx: AppContext, intervalMs = CHAT_HEAD_INTERVAL_MS): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const rooms = ctx.io.of("/").adapter.rooms;
      for (const head of await recentChatHeads(ctx.db, ACTIVE_WITHIN_SECONDS)) {
        const room = chatRoom(head.chatId);
        if (rooms.has(room)) ctx.io.local.to(room).emit(ServerEvent.chatHead, head);
      }
    } catch (err) {
      ctx.log.warn({ err }, "chat heads not read");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
