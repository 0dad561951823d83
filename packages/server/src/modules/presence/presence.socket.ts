import { ClientEvent, type Presence, ServerEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import type { ChatSocket } from "../../realtime/io.js";
import { isChatRoom, userRoom } from "../../realtime/rooms.js";
import { onEvent } from "../../realtime/socket-handler.js";
import { blockedIdsOf, whoBlocked } from "../users/blocks.repo.js";
import { setLastSeen } from "../users/users.repo.js";
import { lastSeenPrivacy, visibleContacts } from "./presence.repo.js";

/**
 * Online / last seen, told only to users who share a chat with the user (through the chat
 * rooms, never a global broadcast). Several sockets per user: online while any is connected.
 */
export function presenceLifecycle(ctx: AppContext) {
  const chatRoomsOf = (socket: ChatSocket) => [...socket.rooms].filter(isChatRoom);
  /** To the user's chats, except the user's own sockets and anyone the user blocked. */
  const announce = async (rooms: string[], presence: Presence) => {
    if (rooms.length === 0) return;
    const hidden = (await blockedIdsOf(ctx.db, presence.userId)).map(userRoom);
    ctx.io
      .to(rooms)
      .except([userRoom(presence.userId), ...hidden])
      .emit(ServerEvent.presenceUpdate, presence);
  };

  return {
    /** Rooms are read synchronously here (the socket has just joined them). */
    async onConnect(socket: ChatSocket): Promise<void> {
      const { userId } = socket.data;
      if (ctx.presence.connected(userId))
        await announce(chatRoomsOf(socket), { userId, online: true, lastSeenAt: null });
    },
    /** Runs on "disconnecting": the rooms must be read before the first await, they are gone after. */
    async onDisconnecting(socket: ChatSocket): Promise<void> {
      const { userId } = socket.data;
      if (!ctx.presence.disconnected(userId)) return;
      const rooms = chatRoomsOf(socket);
      const at = new Date();
      await setLastSeen(ctx.db, userId, at);
      const shares = await lastSeenPrivacy(ctx.db, userId);
      // A reconnect may have happened while we were writing: then stay online.
      if (ctx.presence.isOnline(userId)) return;
      await announce(rooms, { userId, online: false, lastSeenAt: shares ? at.toISOString() : null });
    },
  };
}

export function presenceHandlers(ctx: AppContext) {
  return [
    onEvent(ClientEvent.presenceQuery, "queries", async (socket, { userIds }) => {
      const contacts = await visibleContacts(ctx.db, socket.data.userId, [...new Set(userIds)]);
      const blockedMe = await whoBlocked(ctx.db, socket.data.userId);
      const presence = contacts
        .filter((c) => !blockedMe.has(c.id))
        .map((c): Presence => {
          const online = ctx.presence.isOnline(c.id);
          const lastSeenAt = !online && c.sharesLastSeen && c.lastSeenAt ? c.lastSeenAt.toISOString() : null;
          return { userId: c.id, online, lastSeenAt };
        });
      return { presence };
    }),
  ];
}
