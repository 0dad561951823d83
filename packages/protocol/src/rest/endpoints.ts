import { ApiPath } from "./paths.js";
import type { RestRoute, RestRoutes, RouteName } from "./routes.js";

export type RestEndpoint = Pick<RestRoute, "method" | "path" | "auth">;

/**
 * Method, path and auth of every route in `restRoutes`, without its schemas: what a client needs
 * to call it. The SDK calls through this table, so the web app's bundle neither holds nor builds
 * the zod schemas at start-up (issue 15); the types still come from `restRoutes`. Typecheck holds
 * the two together (the same names, each with the same method, path and auth).
 */
export const restEndpoints = {
  register: { method: "POST", path: ApiPath.register, auth: "none" },
  login: { method: "POST", path: ApiPath.login, auth: "none" },
  refresh: { method: "POST", path: ApiPath.refresh, auth: "none" },
  logout: { method: "POST", path: ApiPath.logout, auth: "none" },
  sso: { method: "POST", path: ApiPath.sso, auth: "none" },
  me: { method: "GET", path: ApiPath.me, auth: "user" },
  updateProfile: { method: "PATCH", path: ApiPath.me, auth: "user" },
  updatePrivacy: { method: "PATCH", path: ApiPath.myPrivacy, auth: "user" },
  searchUsers: { method: "GET", path: ApiPath.users, auth: "user" },
  myBlocks: { method: "GET", path: ApiPath.myBlocks, auth: "user" },
  blockUser: { method: "PUT", path: ApiPath.userBlock, auth: "user" },
  unblockUser: { method: "DELETE", path: ApiPath.userBlock, auth: "user" },
  user: { method: "GET", path: ApiPath.user, auth: "user" },
  chats: { method: "GET", path: ApiPath.chats, auth: "user" },
  chat: { method: "GET", path: ApiPath.chat, auth: "user" },
  createDirectChat: { method: "POST", path: ApiPath.directChat, auth: "user" },
  createGroupChat: { method: "POST", path: ApiPath.groupChat, auth: "user" },
  updateChatSettings: { method: "PATCH", path: ApiPath.myChatSettings, auth: "user" },
  addMembers: { method: "POST", path: ApiPath.chatMembers, auth: "user" },
  removeMember: { method: "DELETE", path: ApiPath.chatMember, auth: "user" },
  setMemberRole: { method: "PUT", path: ApiPath.chatMemberRole, auth: "user" },
  leaveChat: { method: "POST", path: ApiPath.chatLeave, auth: "user" },
  updateGroup: { method: "PATCH", path: ApiPath.chat, auth: "user" },
  updateGroupSettings: { method: "PATCH", path: ApiPath.chatSettings, auth: "user" },
  setDisappearing: { method: "PUT", path: ApiPath.chatDisappearing, auth: "user" },
  channelDirectory: { method: "GET", path: ApiPath.channels, auth: "user" },
  createChannel: { method: "POST", path: ApiPath.channels, auth: "user" },
  joinChannel: { method: "POST", path: ApiPath.channelJoin, auth: "user" },
  history: { method: "GET", path: ApiPath.chatMessages, auth: "user" },
  messageEdits: { method: "GET", path: ApiPath.messageEdits, auth: "user" },
  starMessage: { method: "PUT", path: ApiPath.messageStar, auth: "user" },
  unstarMessage: { method: "DELETE", path: ApiPath.messageStar, auth: "user" },
  starredMessages: { method: "GET", path: ApiPath.myStarred, auth: "user" },
  messageInfo: { method: "GET", path: ApiPath.messageInfo, auth: "user" },
  sync: { method: "POST", path: ApiPath.sync, auth: "user" },
  search: { method: "GET", path: ApiPath.search, auth: "user" },
  vapidPublicKey: { method: "GET", path: ApiPath.pushVapidPublicKey, auth: "user" },
  subscribePush: { method: "POST", path: ApiPath.pushSubscriptions, auth: "user" },
  unsubscribePush: { method: "DELETE", path: ApiPath.pushSubscriptions, auth: "user" },
  uploadFile: { method: "POST", path: ApiPath.files, auth: "user" },
  file: { method: "GET", path: ApiPath.file, auth: "user" },
  fileThumbnail: { method: "GET", path: ApiPath.fileThumbnail, auth: "user" },
  linkPreview: { method: "POST", path: ApiPath.linkPreviews, auth: "user" },
  chatMedia: { method: "GET", path: ApiPath.chatMedia, auth: "user" },
  adminUpsertUser: { method: "POST", path: ApiPath.adminUsers, auth: "service" },
  adminListUsers: { method: "GET", path: ApiPath.adminUsers, auth: "service" },
  adminGetUser: { method: "GET", path: ApiPath.adminUser, auth: "service" },
  adminUpdateUser: { method: "PATCH", path: ApiPath.adminUser, auth: "service" },
  adminCreateChat: { method: "POST", path: ApiPath.adminChats, auth: "service" },
  adminAddMembers: { method: "POST", path: ApiPath.adminChatMembers, auth: "service" },
  adminRemoveMember: { method: "DELETE", path: ApiPath.adminChatMember, auth: "service" },
  adminPostNotice: { method: "POST", path: ApiPath.adminChatNotices, auth: "service" },
} as const satisfies { [K in RouteName]: Pick<RestRoutes[K], "method" | "path" | "auth"> };
