/**
 * Socket event names: the only place they are written. Keys of the schema maps in
 * client-to-server.ts and server-to-client.ts are these values.
 */
export const ClientEvent = {
  messageSend: "message:send",
  messageDelivered: "message:delivered",
  messageRead: "message:read",
  messageEdit: "message:edit",
  messageDelete: "message:delete",
  reactionAdd: "reaction:add",
  reactionRemove: "reaction:remove",
  typingStart: "typing:start",
  typingStop: "typing:stop",
  presenceQuery: "presence:query",
  messagePin: "message:pin",
  messageUnpin: "message:unpin",
  messageHide: "message:hide",
  messagePlayed: "message:played",
} as const;

export const ServerEvent = {
  messageNew: "message:new",
  messageUpdated: "message:updated",
  messageDelivered: "message:delivered",
  messageRead: "message:read",
  typingStart: "typing:start",
  typingStop: "typing:stop",
  presenceUpdate: "presence:update",
  chatCreated: "chat:created",
  chatUpdated: "chat:updated",
  chatRemoved: "chat:removed",
  chatReadState: "chat:read-state",
  chatSettings: "chat:settings",
  chatPins: "chat:pins",
  messageHidden: "message:hidden",
  /** To my own sockets: I starred or unstarred a message on one of my devices. */
  messageStarred: "message:starred",
  serverReconnect: "server:reconnect",
  userUpdated: "user:updated",
  chatHead: "chat:head",
} as const;

export type ClientEventName = (typeof ClientEvent)[keyof typeof ClientEvent];
export type ServerEventName = (typeof ServerEvent)[keyof typeof ServerEvent];
