import { z } from "zod";
import { chatSummarySchema, idSchema, meSchema, messageSchema, publicUserSchema } from "../entities.js";
import {
  adminAddMembersBodySchema,
  adminChatMemberParamsSchema,
  adminChatResultSchema,
  adminCreateChatBodySchema,
  adminListUsersQuerySchema,
  adminNoticeBodySchema,
  adminUpdateUserBodySchema,
  adminUpsertUserBodySchema,
  adminUserPageSchema,
  adminUserParamsSchema,
  adminUserSchema,
} from "./admin.js";
import { loginBodySchema, registerBodySchema, sessionSchema } from "./auth.js";
import { channelDirectoryQuerySchema, channelDirectorySchema, createChannelBodySchema } from "./channels.js";
import {
  addMembersBodySchema,
  chatListSchema,
  chatMemberParamsSchema,
  chatParamsSchema,
  chatSettingsBodySchema,
  chatSettingsSchema,
  createDirectChatBodySchema,
  createDirectChatResultSchema,
  createGroupChatBodySchema,
  historyPageSchema,
  historyQuerySchema,
  messageEditsSchema,
  messageParamsSchema,
  setDisappearingBodySchema,
  setMemberRoleBodySchema,
  updateGroupBodySchema,
  updateGroupSettingsBodySchema,
} from "./chats.js";
import {
  chatMediaPageSchema,
  chatMediaQuerySchema,
  linkPreviewBodySchema,
  linkPreviewResultSchema,
  uploadedFileSchema,
  uploadQuerySchema,
} from "./files.js";
import { messageInfoSchema, starredMessagesSchema, starStateSchema } from "./message-extras.js";
import { ApiPath } from "./paths.js";
import {
  pushSubscribeBodySchema,
  pushSubscribeResultSchema,
  pushUnsubscribeBodySchema,
  pushUnsubscribeResultSchema,
  vapidPublicKeySchema,
} from "./push.js";
import { searchQuerySchema, searchResultsSchema } from "./search.js";
import { ssoBodySchema } from "./sso.js";
import { syncBodySchema, syncResultSchema } from "./sync.js";
import {
  blockStateSchema,
  updatePrivacyBodySchema,
  updateProfileBodySchema,
  userListSchema,
  userParamsSchema,
  userSearchQuerySchema,
} from "./users.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type SuccessStatus = 200 | 201;

/**
 * One REST route: what the server registers (method, url, validation, response) and what the
 * SDK calls. `response` is the `data` of the `{ success: true, data }` envelope; null for routes
 * answering raw bytes (file downloads). `status`: the success codes it answers with.
 * `auth`: none (sign-in routes), a user's access token, or the admin API's service token.
 */
export type RestRoute = {
  method: HttpMethod;
  path: string;
  auth: "none" | "user" | "service";
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body is multipart form data (an upload), not JSON. */
  multipart?: true;
  response: z.ZodType | null;
  status: readonly SuccessStatus[];
};

const route = <const R extends RestRoute>(r: R): R => r;
const ok200 = [200] as const;
const created201 = [201] as const;
/** Idempotent creations: 201 when created, 200 when it already existed. */
const createdOrExisting = [200, 201] as const;

export const logoutResultSchema = z.object({ loggedOut: z.literal(true) });
export const fileParamsSchema = z.strictObject({ fileId: idSchema });

/** Every REST route of the API, by the name the SDK's clients call it. */
export const restRoutes = {
  // --- Auth (no access token: these issue one) ---
  register: route({
    method: "POST",
    path: ApiPath.register,
    auth: "none",
    body: registerBodySchema,
    response: sessionSchema,
    status: created201,
  }),
  login: route({
    method: "POST",
    path: ApiPath.login,
    auth: "none",
    body: loginBodySchema,
    response: sessionSchema,
    status: ok200,
  }),
  refresh: route({ method: "POST", path: ApiPath.refresh, auth: "none", response: sessionSchema, status: ok200 }),
  logout: route({ method: "POST", path: ApiPath.logout, auth: "none", response: logoutResultSchema, status: ok200 }),
  sso: route({
    method: "POST",
    path: ApiPath.sso,
    auth: "none",
    body: ssoBodySchema,
    response: sessionSchema,
    status: ok200,
  }),

  // --- Users ---
  me: route({ method: "GET", path: ApiPath.me, auth: "user", response: meSchema, status: ok200 }),
  updateProfile: route({
    method: "PATCH",
    path: ApiPath.me,
    auth: "user",
    body: updateProfileBodySchema,
    response: meSchema,
    status: ok200,
  }),
  updatePrivacy: route({
    method: "PATCH",
    path: ApiPath.myPrivacy,
    auth: "user",
    body: updatePrivacyBodySchema,
    response: meSchema,
    status: ok200,
  }),
  searchUsers: route({
    method: "GET",
    path: ApiPath.users,
    auth: "user",
    query: userSearchQuerySchema,
    response: userListSchema,
    status: ok200,
  }),
  myBlocks: route({ method: "GET", path: ApiPath.myBlocks, auth: "user", response: userListSchema, status: ok200 }),
  blockUser: route({
    method: "PUT",
    path: ApiPath.userBlock,
    auth: "user",
    params: userParamsSchema,
    response: blockStateSchema,
    status: ok200,
  }),
  unblockUser: route({
    method: "DELETE",
    path: ApiPath.userBlock,
    auth: "user",
    params: userParamsSchema,
    response: blockStateSchema,
    status: ok200,
  }),
  user: route({
    method: "GET",
    path: ApiPath.user,
    auth: "user",
    params: userParamsSchema,
    response: publicUserSchema,
    status: ok200,
  }),

  // --- Chats ---
  chats: route({ method: "GET", path: ApiPath.chats, auth: "user", response: chatListSchema, status: ok200 }),
  chat: route({
    method: "GET",
    path: ApiPath.chat,
    auth: "user",
    params: chatParamsSchema,
    response: chatSummarySchema,
    status: ok200,
  }),
  createDirectChat: route({
    method: "POST",
    path: ApiPath.directChat,
    auth: "user",
    body: createDirectChatBodySchema,
    response: createDirectChatResultSchema,
    status: createdOrExisting,
  }),
  createGroupChat: route({
    method: "POST",
    path: ApiPath.groupChat,
    auth: "user",
    body: createGroupChatBodySchema,
    response: chatSummarySchema,
    status: created201,
  }),
  updateChatSettings: route({
    method: "PATCH",
    path: ApiPath.myChatSettings,
    auth: "user",
    params: chatParamsSchema,
    body: chatSettingsBodySchema,
    response: chatSettingsSchema,
    status: ok200,
  }),

  // --- Group administration: each answers the chat as the caller now sees it ---
  addMembers: route({
    method: "POST",
    path: ApiPath.chatMembers,
    auth: "user",
    params: chatParamsSchema,
    body: addMembersBodySchema,
    response: chatSummarySchema,
    status: ok200,
  }),
  removeMember: route({
    method: "DELETE",
    path: ApiPath.chatMember,
    auth: "user",
    params: chatMemberParamsSchema,
    response: chatSummarySchema,
    status: ok200,
  }),
  setMemberRole: route({
    method: "PUT",
    path: ApiPath.chatMemberRole,
    auth: "user",
    params: chatMemberParamsSchema,
    body: setMemberRoleBodySchema,
    response: chatSummarySchema,
    status: ok200,
  }),
  leaveChat: route({
    method: "POST",
    path: ApiPath.chatLeave,
    auth: "user",
    params: chatParamsSchema,
    response: chatSummarySchema,
    status: ok200,
  }),
  updateGroup: route({
    method: "PATCH",
    path: ApiPath.chat,
    auth: "user",
    params: chatParamsSchema,
    body: updateGroupBodySchema,
    response: chatSummarySchema,
    status: ok200,
  }),
  updateGroupSettings: route({
    method: "PATCH",
    path: ApiPath.chatSettings,
    auth: "user",
    params: chatParamsSchema,
    body: updateGroupSettingsBodySchema,
    response: chatSummarySchema,
    status: ok200,
  }),
  setDisappearing: route({
    method: "PUT",
    path: ApiPath.chatDisappearing,
    auth: "user",
    params: chatParamsSchema,
    body: setDisappearingBodySchema,
    response: chatSummarySchema,
    status: ok200,
  }),

  // --- Channels ---
  channelDirectory: route({
    method: "GET",
    path: ApiPath.channels,
    auth: "user",
    query: channelDirectoryQuerySchema,
    response: channelDirectorySchema,
    status: ok200,
  }),
  createChannel: route({
    method: "POST",
    path: ApiPath.channels,
    auth: "user",
    body: createChannelBodySchema,
    response: chatSummarySchema,
    status: created201,
  }),
  joinChannel: route({
    method: "POST",
    path: ApiPath.channelJoin,
    auth: "user",
    params: chatParamsSchema,
    response: chatSummarySchema,
    status: ok200,
  }),

  // --- Messages, sync, search ---
  history: route({
    method: "GET",
    path: ApiPath.chatMessages,
    auth: "user",
    params: chatParamsSchema,
    query: historyQuerySchema,
    response: historyPageSchema,
    status: ok200,
  }),
  messageEdits: route({
    method: "GET",
    path: ApiPath.messageEdits,
    auth: "user",
    params: messageParamsSchema,
    response: messageEditsSchema,
    status: ok200,
  }),
  starMessage: route({
    method: "PUT",
    path: ApiPath.messageStar,
    auth: "user",
    params: messageParamsSchema,
    response: starStateSchema,
    status: ok200,
  }),
  unstarMessage: route({
    method: "DELETE",
    path: ApiPath.messageStar,
    auth: "user",
    params: messageParamsSchema,
    response: starStateSchema,
    status: ok200,
  }),
  starredMessages: route({
    method: "GET",
    path: ApiPath.myStarred,
    auth: "user",
    response: starredMessagesSchema,
    status: ok200,
  }),
  messageInfo: route({
    method: "GET",
    path: ApiPath.messageInfo,
    auth: "user",
    params: messageParamsSchema,
    response: messageInfoSchema,
    status: ok200,
  }),
  sync: route({
    method: "POST",
    path: ApiPath.sync,
    auth: "user",
    body: syncBodySchema,
    response: syncResultSchema,
    status: ok200,
  }),
  search: route({
    method: "GET",
    path: ApiPath.search,
    auth: "user",
    query: searchQuerySchema,
    response: searchResultsSchema,
    status: ok200,
  }),

  // --- Web Push ---
  vapidPublicKey: route({
    method: "GET",
    path: ApiPath.pushVapidPublicKey,
    auth: "user",
    response: vapidPublicKeySchema,
    status: ok200,
  }),
  subscribePush: route({
    method: "POST",
    path: ApiPath.pushSubscriptions,
    auth: "user",
    body: pushSubscribeBodySchema,
    response: pushSubscribeResultSchema,
    status: ok200,
  }),
  unsubscribePush: route({
    method: "DELETE",
    path: ApiPath.pushSubscriptions,
    auth: "user",
    body: pushUnsubscribeBodySchema,
    response: pushUnsubscribeResultSchema,
    status: ok200,
  }),

  // --- Files ---
  uploadFile: route({
    method: "POST",
    path: ApiPath.files,
    auth: "user",
    query: uploadQuerySchema,
    multipart: true,
    response: uploadedFileSchema,
    status: ok200,
  }),
  /** The file's bytes (not an envelope). */
  file: route({
    method: "GET",
    path: ApiPath.file,
    auth: "user",
    params: fileParamsSchema,
    response: null,
    status: ok200,
  }),
  /** The image's WebP thumbnail bytes. */
  fileThumbnail: route({
    method: "GET",
    path: ApiPath.fileThumbnail,
    auth: "user",
    params: fileParamsSchema,
    response: null,
    status: ok200,
  }),
  /** Fetches (or reads from the cache) a link's preview; its image is stored like an upload. */
  linkPreview: route({
    method: "POST",
    path: ApiPath.linkPreviews,
    auth: "user",
    body: linkPreviewBodySchema,
    response: linkPreviewResultSchema,
    status: ok200,
  }),
  chatMedia: route({
    method: "GET",
    path: ApiPath.chatMedia,
    auth: "user",
    params: chatParamsSchema,
    query: chatMediaQuerySchema,
    response: chatMediaPageSchema,
    status: ok200,
  }),

  // --- Admin API (service token) ---
  adminUpsertUser: route({
    method: "POST",
    path: ApiPath.adminUsers,
    auth: "service",
    body: adminUpsertUserBodySchema,
    response: adminUserSchema,
    status: createdOrExisting,
  }),
  adminListUsers: route({
    method: "GET",
    path: ApiPath.adminUsers,
    auth: "service",
    query: adminListUsersQuerySchema,
    response: adminUserPageSchema,
    status: ok200,
  }),
  adminGetUser: route({
    method: "GET",
    path: ApiPath.adminUser,
    auth: "service",
    params: adminUserParamsSchema,
    response: adminUserSchema,
    status: ok200,
  }),
  adminUpdateUser: route({
    method: "PATCH",
    path: ApiPath.adminUser,
    auth: "service",
    params: adminUserParamsSchema,
    body: adminUpdateUserBodySchema,
    response: adminUserSchema,
    status: ok200,
  }),
  adminCreateChat: route({
    method: "POST",
    path: ApiPath.adminChats,
    auth: "service",
    body: adminCreateChatBodySchema,
    response: adminChatResultSchema,
    status: created201,
  }),
  adminAddMembers: route({
    method: "POST",
    path: ApiPath.adminChatMembers,
    auth: "service",
    params: chatParamsSchema,
    body: adminAddMembersBodySchema,
    response: adminChatResultSchema,
    status: ok200,
  }),
  /** Removes one person from a group or channel; the notice names the host app. */
  adminRemoveMember: route({
    method: "DELETE",
    path: ApiPath.adminChatMember,
    auth: "service",
    params: adminChatMemberParamsSchema,
    response: adminChatResultSchema,
    status: ok200,
  }),
  adminPostNotice: route({
    method: "POST",
    path: ApiPath.adminChatNotices,
    auth: "service",
    params: chatParamsSchema,
    body: adminNoticeBodySchema,
    response: messageSchema,
    status: created201,
  }),
} as const satisfies Record<string, RestRoute>;

export type RestRoutes = typeof restRoutes;
export type RouteName = keyof RestRoutes;

/** What a call gets back: the `data` of the route's success envelope. */
export type RouteResponse<R extends RestRoute> = R extends { response: infer S extends z.ZodType }
  ? z.output<S>
  : never;

/**
 * Query strings are coerced by the server (`z.coerce`, whose input is `unknown`): a caller passes
 * the parsed types, keeping the schema's optional (defaulted) keys optional.
 */
export type QueryInput<S extends z.ZodType> = {
  [K in keyof z.input<S>]: unknown extends z.input<S>[K]
    ? K extends keyof z.output<S>
      ? z.output<S>[K]
      : never
    : z.input<S>[K];
};

/** What a call sends: path params, query and JSON body, each only when the route has one. */
export type RouteInput<R extends RestRoute> = (R extends { params: infer P extends z.ZodType }
  ? { params: z.input<P> }
  : { params?: undefined }) &
  (R extends { query: infer Q extends z.ZodType } ? { query?: QueryInput<Q> } : { query?: undefined }) &
  (R extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: undefined });

/** A route's query as a caller passes it. */
export type RouteQuery<R extends RestRoute> = R extends { query: infer Q extends z.ZodType } ? QueryInput<Q> : never;
/** A route's JSON body as a caller passes it (defaulted fields optional). */
export type RouteBody<R extends RestRoute> = R extends { body: infer B extends z.ZodType } ? z.input<B> : never;
