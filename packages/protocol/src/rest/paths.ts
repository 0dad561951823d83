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
  search: "/api/search",
  sync: "/api/sync",
  pushVapidPublicKey: "/api/push/vapid-public-key",
  pushSubscriptions: "/api/push/subscriptions",
  health: "/healthz",
  ready: "/readyz",
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
