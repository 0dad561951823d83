import { ClientEvent, ServerEvent } from "@teamchat/protocol";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { users } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import type { ChatSocket } from "../../realtime/io.js";
import { chatRoom, userRoom } from "../../realtime/rooms.js";
import { onEvent } from "../../realtime/socket-handler.js";
import { blockedIdsOf, blockedInDirectChat } from "../users/blocks.repo.js";

/** Receivers drop the indicator after this unless it is repeated; clients repeat every ~3 s. */
export const TYPING_EXPIRES_MS = 6_000;
/** At most one relay per user and chat in this window, however often the client emits. */
export const TYPING_RELAY_INTERVAL_MS = 2_000;
const PRIVACY_CACHE_MS = 10_000;

/**
 * Typing is ephemeral: never stored, relayed only to the chat's other members. Membership is
 * the socket's room set, which connect and membership changes keep equal to the database.
 */
export function typingHandlers(ctx: AppContext) {
  const lastRelay = new Map<string, number>();
  const privacy = new Map<string, { shares: boolean; until: number }>();

  const sharesTyping = async (userId: string): Promise<boolean> => {
    const cached = privacy.get(userId);
    if (cached && cached.until > Date.now()) return cached.shares;
    const [row] = await ctx.db.select({ shares: users.privacyTyping }).from(users).where(eq(users.id, userId));
    const shares = row?.shares ?? false;
    privacy.set(userId, { shares, until: Date.now() + PRIVACY_CACHE_MS });
    return shares;
  };

  /** The user rooms of the people a typer blocked (cached like privacy): they see no typing at all. */
  const blockedRooms = new Map<string, { rooms: string[]; until: number }>();
  const blockedRoomsOf = async (userId: string): Promise<string[]> => {
    const cached = blockedRooms.get(userId);
    if (cached && cached.until > Date.now()) return cached.rooms;
    const rooms = (await blockedIdsOf(ctx.db, userId)).map(userRoom);
    blockedRooms.set(userId, { rooms, until: Date.now() + PRIVACY_CACHE_MS });
    return rooms;
  };

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, at] of lastRelay) if (now - at > TYPING_EXPIRES_MS) lastRelay.delete(key);
    for (const [key, entry] of privacy) if (entry.until < now) privacy.delete(key);
    for (const [key, entry] of blockedRooms) if (entry.until < now) blockedRooms.delete(key);
  }, 30_000);
  sweep.unref();

  const assertInRoom = (socket: ChatSocket, chatId: string) => {
    if (!socket.rooms.has(chatRoom(chatId))) throw new AppError("NOT_A_MEMBER");
  };

  return [
    onEvent(ClientEvent.typingStart, "typing", async (socket, { chatId }) => {
      assertInRoom(socket, chatId);
      const userId = socket.data.userId;
      const key = `${userId}:${chatId}`;
      const now = Date.now();
      if (now - (lastRelay.get(key) ?? 0) < TYPING_RELAY_INTERVAL_MS) return {};
      if (!(await sharesTyping(userId))) return {};
      // Silently, as for a user who hides typing: a blocked person learns nothing new here.
      if (await blockedInDirectChat(ctx.db, chatId, userId)) return {};
      lastRelay.set(key, now);
      ctx.io
        .to(chatRoom(chatId))
        .except([userRoom(userId), ...(await blockedRoomsOf(userId))])
        .emit(ServerEvent.typingStart, { chatId, userId, expiresInMs: TYPING_EXPIRES_MS });
      return {};
    }),
    onEvent(ClientEvent.typingStop, "typing", async (socket, { chatId }) => {
      assertInRoom(socket, chatId);
      const userId = socket.data.userId;
      if (lastRelay.delete(`${userId}:${chatId}`)) {
        ctx.io.to(chatRoom(chatId)).except(userRoom(userId)).emit(ServerEvent.typingStop, { chatId, userId });
      }
      return {};
    }),
  ];
}
