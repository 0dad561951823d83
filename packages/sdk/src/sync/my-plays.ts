import type { Message } from "@teamchat/protocol";

/**
 * A voice note I played stays played for me. The server lists my own play only in answers meant
 * for me (my pages, my play's ack): an update fanned out to the whole chat (a reaction, an edit)
 * leaves me out when I hide read receipts, and must not bring the "not played" dot back.
 */
export function keepMyPlay(incoming: Message, cached: Message | undefined, myId: string | undefined): Message {
  if (!myId || !cached?.playedBy?.includes(myId) || incoming.playedBy.includes(myId)) return incoming;
  return { ...incoming, playedBy: [...incoming.playedBy, myId] };
}
