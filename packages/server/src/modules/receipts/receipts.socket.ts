import { ClientEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { onEvent } from "../../realtime/socket-handler.js";
import { markDelivered, markRead } from "./update-receipts.js";

export function receiptHandlers(ctx: AppContext) {
  return [
    onEvent(
      ClientEvent.messageDelivered,
      "receipts",
      (socket, p) => markDelivered(ctx, socket.data.userId, p.chatId, p.upToSeq),
      { batched: true },
    ),
    onEvent(
      ClientEvent.messageRead,
      "receipts",
      (socket, p) => markRead(ctx, socket.data.userId, p.chatId, p.upToSeq),
      { batched: true },
    ),
  ];
}
