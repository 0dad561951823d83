import { ClientEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { onEvent } from "../../realtime/socket-handler.js";
import { markPlayed } from "./mark-played.js";

/** Not ordered: a play mark depends on no earlier event of the socket. */
export function voiceHandlers(ctx: AppContext) {
  return [
    onEvent(ClientEvent.messagePlayed, "messages", (socket, payload) => markPlayed(ctx, socket.data.userId, payload)),
  ];
}
