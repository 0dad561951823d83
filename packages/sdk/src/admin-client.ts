import type { AdminListUsersQuery, AdminUpdateUserBody, RestRoutes, RouteBody } from "@teamchat/protocol";
import { ApiClient } from "./api-client.js";

export type AdminClientOptions = {
  baseUrl: string;
  /** The server's ADMIN_API_TOKEN. Server-side only: never ship it to a browser. */
  serviceToken: string;
  fetch?: typeof fetch;
};

/** The bodies as a caller writes them: defaulted fields may be left out. */
type AdminChatInput = RouteBody<RestRoutes["adminCreateChat"]>;
type AdminMembersInput = RouteBody<RestRoutes["adminAddMembers"]>;

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
  upsertUser = (body: RouteBody<RestRoutes["adminUpsertUser"]>) => this.api.call("adminUpsertUser", { body });
  /** A page of provisioned people (filters: department, disabled); pass `next` as `after`. */
  listUsers = (query: AdminListUsersQuery = {}) =>
    this.api.call("adminListUsers", {
      query: Object.fromEntries(
        Object.entries(query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      ),
    });
  /** One person by the host's id for them (USER_NOT_FOUND when unknown). */
  getUser = (externalId: string) => this.api.call("adminGetUser", { params: { externalId } });
  /** `{ disabled: true }` ends every session and live socket of the user. */
  updateUser = (externalId: string, body: AdminUpdateUserBody) =>
    this.api.call("adminUpdateUser", { params: { externalId }, body });
  createChat = (body: AdminChatInput) => this.api.call("adminCreateChat", { body });
  addMembers = (chatId: string, body: AdminMembersInput) =>
    this.api.call("adminAddMembers", { params: { chatId }, body });
  /** Removes one person (by your id for them); the chat reads "… was removed by <ADMIN_API_ACTOR_NAME>". */
  removeMember = (chatId: string, externalId: string) =>
    this.api.call("adminRemoveMember", { params: { chatId, externalId } });
  /** A notice (message kind `notice`) in the chat, e.g. "Leave request approved". */
  postNotice = (chatId: string, text: string) =>
    this.api.call("adminPostNotice", { params: { chatId }, body: { text } });
}
