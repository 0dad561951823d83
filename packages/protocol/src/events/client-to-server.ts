import { z } from "zod";
import {
  clientIdSchema,
  idSchema,
  LIMITS,
  messageSchema,
  presenceSchema,
  reactionEmojiSchema,
  seqSchema,
  textSchema,
} from "../entities.js";
import { ClientEvent } from "./names.js";

const chatPointerSchema = z.strictObject({ chatId: idSchema, upToSeq: seqSchema });
const chatRefSchema = z.strictObject({ chatId: idSchema });
const messageRefSchema = z.strictObject({ chatId: idSchema, messageId: idSchema });
const reactionRefSchema = messageRefSchema.extend({ emoji: reactionEmojiSchema });
const messageBodySchema = textSchema()
  .max(LIMITS.messageBodyMax)
  .refine((s) => s.trim().length > 0, "message body is empty");
/** Every change of a message answers with the message as it is now (also sent as message:updated). */
const changedMessageAckSchema = z.object({ message: messageSchema });

/**
 * What a client may emit. `payload` validates what the server receives; `ack` is the shape of
 * the `{ ok: true, ... }` answer (the `ok: false` answer is always an ErrorBody).
 */
export const clientEventSchemas = {
  [ClientEvent.messageSend]: {
    payload: z
      .strictObject({
        chatId: idSchema,
        clientId: clientIdSchema,
        /** With attachments this is their caption and may be empty. */
        body: textSchema().max(LIMITS.messageBodyMax),
        /** Files I uploaded (POST files), in display order. */
        attachmentIds: z.array(idSchema).max(LIMITS.attachmentsPerMessage).optional(),
        /** Quote this message of the same chat (not deleted for everyone). */
        replyToId: idSchema.optional(),
        /** People mentioned: current members of the chat (not the sender), else VALIDATION_FAILED. */
        mentions: z.array(idSchema).max(LIMITS.mentionsMax).optional(),
        /**
         * Forwards that message (which I must be able to read) into `chatId`: its body is copied
         * by the server, `body` is only what the sender's UI showed.
         */
        forwardOf: messageRefSchema.optional(),
        /**
         * The sender's previous message in this chat that is not acknowledged yet: this one is
         * refused (retryable UNAVAILABLE) until that one is stored, so retries never reorder.
         */
        afterClientId: clientIdSchema.optional(),
        /** False: the sender removed the link preview in the composer, so none is attached. */
        linkPreview: z.boolean().optional(),
      })
      .refine((p) => p.body.trim().length > 0 || (p.attachmentIds?.length ?? 0) > 0, {
        message: "message body is empty",
        path: ["body"],
      })
      .refine((p) => new Set(p.attachmentIds ?? []).size === (p.attachmentIds?.length ?? 0), {
        message: "the same file is attached twice",
        path: ["attachmentIds"],
      }),
    /** `duplicate: true` when this clientId was already stored: the original is returned. */
    ack: z.object({ message: messageSchema, duplicate: z.boolean() }),
  },
  /** Own messages only, within the edit window; the same body again changes nothing. */
  [ClientEvent.messageEdit]: {
    /** `mentions`: who the new body mentions (replaces the message's; absent keeps them). */
    payload: messageRefSchema.extend({
      body: messageBodySchema,
      mentions: z.array(idSchema).max(LIMITS.mentionsMax).optional(),
    }),
    ack: changedMessageAckSchema,
  },
  /** Delete for everyone: own messages within the delete window, or any message by a group admin. */
  [ClientEvent.messageDelete]: { payload: messageRefSchema, ack: changedMessageAckSchema },
  /** Idempotent: adding a reaction I already made, or removing one I did not, changes nothing. */
  [ClientEvent.reactionAdd]: { payload: reactionRefSchema, ack: changedMessageAckSchema },
  [ClientEvent.reactionRemove]: { payload: reactionRefSchema, ack: changedMessageAckSchema },
  [ClientEvent.messageDelivered]: {
    payload: chatPointerSchema,
    /** The pointer after the update (never moves backwards, capped at the chat's last seq). */
    ack: z.object({ upToSeq: seqSchema }),
  },
  [ClientEvent.messageRead]: {
    payload: chatPointerSchema,
    ack: z.object({ upToSeq: seqSchema, unreadCount: z.number().int().nonnegative() }),
  },
  [ClientEvent.typingStart]: { payload: chatRefSchema, ack: z.object({}) },
  [ClientEvent.typingStop]: { payload: chatRefSchema, ack: z.object({}) },
  [ClientEvent.presenceQuery]: {
    payload: z.strictObject({ userIds: z.array(idSchema).min(1).max(LIMITS.presenceQueryMax) }),
    /** Only users who share a chat with the caller are answered; others are left out. */
    ack: z.object({ presence: z.array(presenceSchema) }),
  },
  /**
   * Direct chats: either person; groups: admins, or any member with `membersCanPin`. Pinning a
   * pinned message or unpinning one that is not pinned changes nothing.
   */
  [ClientEvent.messagePin]: { payload: messageRefSchema, ack: changedMessageAckSchema },
  [ClientEvent.messageUnpin]: { payload: messageRefSchema, ack: changedMessageAckSchema },
  /**
   * I played this voice note (someone else's, with an audio attachment). Idempotent. Shown to
   * the chat as `playedBy` (a message:updated) only while I share read receipts; otherwise it
   * is recorded and nothing is announced.
   */
  [ClientEvent.messagePlayed]: { payload: messageRefSchema, ack: changedMessageAckSchema },
  /** Delete for me: hidden from my history, search and devices; idempotent. */
  [ClientEvent.messageHide]: {
    payload: messageRefSchema,
    ack: z.object({ chatId: idSchema, messageId: idSchema, hideSeq: seqSchema }),
  },
} as const;

export type ClientEventSchemas = typeof clientEventSchemas;
export type ClientPayload<E extends keyof ClientEventSchemas> = z.infer<ClientEventSchemas[E]["payload"]>;
export type ClientAckData<E extends keyof ClientEventSchemas> = z.infer<ClientEventSchemas[E]["ack"]>;
