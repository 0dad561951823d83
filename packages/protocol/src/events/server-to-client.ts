import { z } from "zod";
import {
  chatSummarySchema,
  idSchema,
  messageSchema,
  pinnedMessageSchema,
  presenceSchema,
  publicUserSchema,
  seqSchema,
} from "../entities.js";
import { chatSettingsSchema } from "../rest/chats.js";
import { starStateSchema } from "../rest/message-extras.js";
import { ServerEvent } from "./names.js";

const memberPointerSchema = z.object({ chatId: idSchema, userId: idSchema, upToSeq: seqSchema });
const pointerSchema = z.object({ userId: idSchema, upToSeq: seqSchema });

/** What the server emits. Validated in tests; the server builds them from typed presenters. */
export const serverEventSchemas = {
  /** To every socket of every member, the sender's own sockets included (dedupe by id/clientId). */
  [ServerEvent.messageNew]: messageSchema,
  /** A message was edited, deleted for everyone or reacted to: the whole new copy, to the chat's members. */
  [ServerEvent.messageUpdated]: messageSchema,
  /**
   * Members' delivered pointers that moved, one entry per member, merged per chat over the
   * server's delivered batch (~200 ms): in a group one event replaces one per member. Sent to the
   * chat's members.
   */
  [ServerEvent.messageDelivered]: z.object({ chatId: idSchema, pointers: z.array(pointerSchema).min(1) }),
  /** A member's read pointer moved (only when that member shares read receipts). */
  [ServerEvent.messageRead]: memberPointerSchema,
  [ServerEvent.typingStart]: z.object({
    chatId: idSchema,
    userId: idSchema,
    /** Treat the indicator as stopped after this long unless it is repeated. */
    expiresInMs: z.number().int().positive(),
  }),
  [ServerEvent.typingStop]: z.object({ chatId: idSchema, userId: idSchema }),
  /** Only to users who share a chat with `userId`. */
  [ServerEvent.presenceUpdate]: presenceSchema,
  /** To every member of a chat that was just created (or that they were added to). */
  [ServerEvent.chatCreated]: chatSummarySchema,
  /** To all of one user's sockets: their mute / archive / pin settings of a chat changed. */
  [ServerEvent.chatSettings]: chatSettingsSchema,
  /**
   * A group's name, description, avatar, settings or members changed: the chat as the receiving
   * member sees it (their `myRole`). Per-viewer counters (`unreadCount`, `myReadSeq`,
   * `myDeliveredSeq`) are those of the change's author: keep your own.
   */
  [ServerEvent.chatUpdated]: chatSummarySchema,
  /**
   * To all of one user's sockets: they left or were removed. `chat` is the group as they now see
   * it (read-only, `leftAtSeq` set); their sockets have already left its room.
   */
  [ServerEvent.chatRemoved]: z.object({
    chatId: idSchema,
    reason: z.enum(["left", "removed"]),
    chat: chatSummarySchema,
  }),
  /** To all of one user's sockets: their own read pointer and unread count in a chat changed. */
  [ServerEvent.chatReadState]: z.object({
    chatId: idSchema,
    readSeq: seqSchema,
    unreadCount: z.number().int().nonnegative(),
    mentionCount: z.number().int().nonnegative(),
  }),
  /** To the chat's members after a pin or unpin: the chat's pins now, newest pin first. */
  [ServerEvent.chatPins]: z.object({ chatId: idSchema, pins: z.array(pinnedMessageSchema) }),
  /** To all of one user's sockets: they deleted a message for themselves (hideSeq: their own hide counter). */
  [ServerEvent.messageHidden]: z.object({ chatId: idSchema, messageId: idSchema, hideSeq: seqSchema }),
  [ServerEvent.messageStarred]: starStateSchema,
  /**
   * To every socket of a node that is shutting down, just before it closes them: connect again
   * (through the load balancer, to another node) after a random delay below `withinMs`.
   */
  [ServerEvent.serverReconnect]: z.object({
    reason: z.enum(["shutdown"]),
    withinMs: z.number().int().positive(),
  }),
  /**
   * Someone's profile (name, status, photo) changed: to their own sockets and to the users who
   * share a chat with them, except those they blocked.
   */
  [ServerEvent.userUpdated]: publicUserSchema,
  /**
   * Several nodes only: every ~2 s, to the members of each chat that got a new message in the
   * last few seconds, the chat's latest seq and changeSeq, read from the database by each node
   * for its own sockets (so it reaches them even when a broadcast was lost between nodes).
   * A changeSeq beyond the client's cursor is a gap: sync that chat.
   */
  [ServerEvent.chatHead]: z.object({ chatId: idSchema, lastSeq: seqSchema, changeSeq: seqSchema }),
} as const;

export type ServerEventSchemas = typeof serverEventSchemas;
export type ServerPayload<E extends keyof ServerEventSchemas> = z.infer<ServerEventSchemas[E]>;
