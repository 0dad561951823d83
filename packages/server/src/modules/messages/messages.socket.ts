import { ClientEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { onEvent } from "../../realtime/socket-handler.js";
import { deleteMessage } from "./delete-message.js";
import { editMessage } from "./edit-message.js";
import { hideMessage } from "./hide-message.js";
import { sendMessage } from "./send-message.js";

/**
 * All ordered per socket: a send followed by its edit (or two edits) apply in emission order.
 * Sends are pipelined: a socket's sends share a group commit, still stored in emission order.
 */
export function messageHandlers(ctx: AppContext) {
  return [
    onEvent(
      ClientEvent.messageSend,
      "messages",
      (socket, payload, order) => sendMessage(ctx, socket.data.userId, payload, order),
      { ordered: "pipelined" },
    ),
    onEvent(ClientEvent.messageEdit, "messages", (socket, payload) => editMessage(ctx, socket.data.userId, payload), {
      ordered: true,
    }),
    onEvent(
      ClientEvent.messageDelete,
      "messages",
      (socket, payload) => deleteMessage(ctx, socket.data.userId, payload),
      { ordered: true },
    ),
    onEvent(ClientEvent.messageHide, "messages", (socket, payload) => hideMessage(ctx, socket.data.userId, payload)),
  ];
}
