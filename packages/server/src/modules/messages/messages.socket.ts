import { ClientEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { onEvent } from "../../realtime/socket-handler.js";
import { sendMessage } from "./send-message.js";

export function messageHandlers(ctx: AppContext) {
  return [
    onEvent(ClientEvent.messageSend, "messages", (socket, payload) => sendMessage(ctx, socket.data.userId, payload), {
      ordered: true,
    }),
  ];
}
