import { ClientEvent, type Presence, ServerEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import type { ChatSocket } from "../../realtime/io.js";
import { chatRoom, isChatRoom, userRoom } from "../../realtime/rooms.js";
import { onEvent } from "../../realtime/socket-handler.js";
import { chatIdsOfUser } from "../chats/chats.repo.js";
import { blockedIdsOf, whoBlocked } from "../users/blocks.repo.js";
import { setLastSeen } from "../users/users.repo.js";
import { coMembersHidingLastSeen, lastSeenPrivacy, visibleContacts } from "./presence.repo.js";

/**
 * Online / last seen, told only to users who share a chat with the user (through the chat
 * rooms, never a global broadcast). Several sockets per user: online while any is connected.
 */
export function presenceLifecycle(ctx: AppContext) {
  const chatRoomsOf = (socket: ChatSocket) => [...socket.rooms].filter(isChatRoom);
  /**
   * To the user's chats, except the user's own sockets and anyone the user blocked. A last-seen
   * time goes only to those who share their own; the others get the same update without it.
   */
  const announce = async (rooms: string[], presence: Presence) => {
    if (rooms.length === 0) return;
    const hidden = (await blockedIdsOf(ctx.db, presence.userId)).map(userRoom);
    const withoutTime = presence.lastSeenAt
      ? (await coMembersHidingLastSeen(ctx.db, presence.userId)).map(userRoom)
      : [];
    ctx.io
      .to(rooms)
      .except([userRoom(presence.userId), ...hidden, ...withoutTime])
      .emit(ServerEvent.presenceUpdate, presence);
    if (withoutTime.length > 0) {
      ctx.io
        .to(withoutTime)
        .except(hidden)
        .emit(ServerEvent.presenceUpdate, { ...presence, lastSeenAt: null });
    }
  };

  /** Last seen is written, then told to the user's chats (unless they came back meanwhile). */
  const wentOffline = async (userId: string, rooms: string[]) => {
    const at = new Date();
    await setLastSeen(ctx.db, userId, at);
    const shares = await lastSeenPrivacy(ctx.db, userId);
    // A reconnect may have happened while we were writing: then stay online.
    if ((await ctx.presence.onlineOf([userId])).has(userId)) return;
    await announce(rooms, { userId, online: false, lastSeenAt: shares ? at.toISOString() : null });
  };

  return {
    /** Rooms are read synchronously here (the socket has just joined them). */
    async onConnect(socket: ChatSocket): Promise<void> {
      const { userId } = socket.data;
      const rooms = chatRoomsOf(socket);
      if (await ctx.presence.connected(userId, socket.id))
        await announce(rooms, { userId, online: true, lastSeenAt: null });
    },
    /** Runs on "disconnecting": the rooms must be read before the first await, they are gone after. */
    async onDisconnecting(socket: ChatSocket): Promise<void> {
      const { userId } = socket.data;
      const rooms = chatRoomsOf(socket);
      if (await ctx.presence.disconnected(userId, socket.id)) await wentOffline(userId, rooms);
    },
    /** A user whose sockets all lapsed (their node died): no socket left to read rooms from. */
    async onExpired(userId: string): Promise<void> {
      await wentOffline(userId, (await chatIdsOfUser(ctx.db, userId)).map(chatRoom));
    },
  };
}

export function presenceHandlers(ctx: AppContext) {
  return [
    onEvent(ClientEvent.presenceQuery, "queries", async (socket, { userIds }) => {
      const contacts = await visibleContacts(ctx.db, socket.data.userId, [...new Set(userIds)]);
      // Hiding my own last seen hides everyone's from me.
      const iShareLastSeen = await lastSeenPrivacy(ctx.db, socket.data.userId);
      const blockedMe = await whoBlocked(ctx.db, socket.data.userId);
      const visible = contacts.filter((c) => !blockedMe.has(c.id));
      const onlineNow = await ctx.presence.onlineOf(visible.map((c) => c.id));
      const presence = visible.map((c): Presence => {
        const online = onlineNow.has(c.id);
        const shown = !online && c.sharesLastSeen && iShareLastSeen && c.lastSeenAt;
        const lastSeenAt = shown && c.lastSeenAt ? c.lastSeenAt.toISOString() : null;
        return { userId: c.id, online, lastSeenAt };
      });
      return { presence };
    }),
  ];
}
