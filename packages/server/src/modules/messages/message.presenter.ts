import type { Message } from "@teamchat/protocol";
import type { MessageRow } from "../../db/schema.js";

export function presentMessage(m: MessageRow): Message {
  return {
    id: m.id,
    chatId: m.chatId,
    seq: m.seq,
    senderId: m.senderId,
    clientId: m.clientId,
    kind: m.kind,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
    changeSeq: m.changeSeq,
  };
}
