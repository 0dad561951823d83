import { ClientEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { onEvent } from "../../realtime/socket-handler.js";
import { addReaction, removeReaction } from "./react-to-message.js";

/** Ordered per socket: a quick add then remove must apply in that order. */
export function reactionHandlers(ctx: AppContext) {
  return [
    onEvent(ClientEvent.reactionAdd, "messages", (socket, payload) => addReaction(ctx, socket.data.userId, payload), {
      ordered: true,
    }),
    onEvent(
      ClientEvent.reactionRemove,
      "messages",
      (socket, payload) => removeReaction(ctx, socket.data.userId, payload),
      { ordered: true },
    ),
  ];
}
