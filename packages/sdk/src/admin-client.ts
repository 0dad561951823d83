import {
  type AdminAddMembersBody,
  type AdminChatResult,
  type AdminCreateChatBody,
  type AdminUpdateUserBody,
  type AdminUpsertUserBody,
  type AdminUser,
  ApiPath,
  buildPath,
  type Message,
} from "@teamchat/protocol";
import { ApiClient } from "./api-client.js";

export type AdminClientOptions = {
  baseUrl: string;
  /** The server's ADMIN_API_TOKEN. Server-side only: never ship it to a browser. */
  serviceToken: string;
  fetch?: typeof fetch;
};

type AdminChatInput = Omit<AdminCreateChatBody, "kind" | "announcement" | "memberExternalIds" | "departments"> &
  Partial<Pick<AdminCreateChatBody, "kind" | "announcement" | "memberExternalIds" | "departments">>;
type AdminMembersInput = Partial<AdminAddMembersBody>;

/** Typed client of the admin API, for the host app's back end (Node). Throws ChatError(code). */
export class AdminClient {
  private readonly api: ApiClient;

  constructor(options: AdminClientOptions) {
    this.api = new ApiClient({
      baseUrl: options.baseUrl,
      getAccessToken: () => options.serviceToken,
      ...(options.fetch && { fetch: options.fetch }),
    });
  }

  /** Creates the user, or updates them when the external id is known. */
  upsertUser = (body: AdminUpsertUserBody) => this.api.request<AdminUser>("POST", ApiPath.adminUsers, { body });
  /** `{ disabled: true }` ends every session and live socket of the user. */
  updateUser = (externalId: string, body: AdminUpdateUserBody) =>
    this.api.request<AdminUser>("PATCH", buildPath(ApiPath.adminUser, { externalId }), { body });
  createChat = (body: AdminChatInput) => this.api.request<AdminChatResult>("POST", ApiPath.adminChats, { body });
  addMembers = (chatId: string, body: AdminMembersInput) =>
    this.api.request<AdminChatResult>("POST", buildPath(ApiPath.adminChatMembers, { chatId }), { body });
  /** A system message in the chat, e.g. "Leave request approved". */
  postNotice = (chatId: string, text: string) =>
    this.api.request<Message>("POST", buildPath(ApiPath.adminChatNotices, { chatId }), { body: { text } });
}
