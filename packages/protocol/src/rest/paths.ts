/** REST route patterns, shared by the server (registration) and the SDK (calls). */
export const ApiPath = {
  register: "/api/auth/register",
  login: "/api/auth/login",
  refresh: "/api/auth/refresh",
  logout: "/api/auth/logout",
  me: "/api/users/me",
  myPrivacy: "/api/users/me/privacy",
  users: "/api/users",
  user: "/api/users/:userId",
  userBlock: "/api/users/:userId/block",
  myBlocks: "/api/users/me/blocks",
  chats: "/api/chats",
  chat: "/api/chats/:chatId",
  directChat: "/api/chats/direct",
  groupChat: "/api/chats/group",
  chatMembers: "/api/chats/:chatId/members",
  chatMember: "/api/chats/:chatId/members/:userId",
  chatMemberRole: "/api/chats/:chatId/members/:userId/role",
  chatLeave: "/api/chats/:chatId/leave",
  chatSettings: "/api/chats/:chatId/settings",
  /** My own mute / archive / pin of a chat (group-wide settings are chatSettings). */
  myChatSettings: "/api/chats/:chatId/my-settings",
  chatMessages: "/api/chats/:chatId/messages",
  messageEdits: "/api/chats/:chatId/messages/:messageId/edits",
  /** PUT: star, DELETE: unstar one message (mine only, synced to my devices). */
  messageStar: "/api/chats/:chatId/messages/:messageId/star",
  /** My starred messages, newest star first. */
  myStarred: "/api/users/me/starred",
  /** Delivered/read per member of one of my messages. */
  messageInfo: "/api/chats/:chatId/messages/:messageId/info",
  search: "/api/search",
  sync: "/api/sync",
  pushVapidPublicKey: "/api/push/vapid-public-key",
  pushSubscriptions: "/api/push/subscriptions",
  health: "/healthz",
  ready: "/readyz",
  /** Upload (multipart, one file per request). */
  files: "/api/files",
  /** The file's bytes (images: re-encoded without metadata); members of a chat it is in, and its uploader. */
  file: "/api/files/:fileId",
  fileThumbnail: "/api/files/:fileId/thumbnail",
  /** The preview of a link the composer is about to send (the same fetcher and cache as on send). */
  linkPreviews: "/api/link-previews",
  /** Files shared in a chat, newest first. */
  chatMedia: "/api/chats/:chatId/media",
  /** Disappearing messages timer of a chat (group admins; either person of a direct chat). */
  chatDisappearing: "/api/chats/:chatId/disappearing",
  /** GET: the channel directory; POST: create a channel. */
  channels: "/api/channels",
  channelJoin: "/api/channels/:chatId/join",
  /** Single sign-on: a host app's JWT exchanged for our session (access token + refresh cookie). */
  sso: "/api/auth/sso",
  /** Admin API for the host app's back end (service token, not a user session). */
  adminUsers: "/api/admin/users",
  adminUser: "/api/admin/users/:externalId",
  adminChats: "/api/admin/chats",
  adminChatMembers: "/api/admin/chats/:chatId/members",
  adminChatMember: "/api/admin/chats/:chatId/members/:externalId",
  adminChatNotices: "/api/admin/chats/:chatId/notices",
  metrics: "/metrics",
} as const;

/** Fills `:param` placeholders: `buildPath(ApiPath.chat, { chatId })`. */
export function buildPath(pattern: string, params: Record<string, string> = {}): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
