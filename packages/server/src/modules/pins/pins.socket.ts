import { ClientEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { onEvent } from "../../realtime/socket-handler.js";
import { setPinned } from "./pin-message.js";

/** Ordered per socket with the other message changes: pin then unpin apply in that order. */
export function pinHandlers(ctx: AppContext) {
  return [
    onEvent(
      ClientEvent.messagePin,
      "messages",
      (socket, payload) => setPinned(ctx, socket.data.userId, payload, true),
      { ordered: true },
    ),
    onEvent(
      ClientEvent.messageUnpin,
      "messages",
      (socket, payload) => setPinned(ctx, socket.data.userId, payload, false),
      { ordered: true },
    ),
  ];
}
