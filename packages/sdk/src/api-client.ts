import {
  ApiPath,
  type BlockState,
  buildPath,
  type ChatSettings,
  type ChatSettingsBody,
  type ChatSummary,
  type CreateGroupChatBody,
  type Envelope,
  errorBodySchema,
  type HistoryPage,
  type LoginBody,
  type Me,
  type MemberRole,
  type MessageEdits,
  type PublicUser,
  type PushSubscribeBody,
  type PushUnsubscribeBody,
  type RegisterBody,
  type SearchResults,
  type Session,
  type SyncBody,
  type SyncResult,
  type UpdateGroupBody,
  type UpdateGroupSettingsBody,
  type UpdatePrivacyBody,
  type UpdateProfileBody,
} from "@teamchat/protocol";
import { ChatError } from "./errors.js";

export type ApiClientOptions = {
  baseUrl: string;
  /** Current access token, or null when signed out. */
  getAccessToken?: () => string | null;
  fetch?: typeof fetch;
  /** Browsers send the refresh cookie themselves; Node callers can keep it here. */
  cookieJar?: { get(): string | null; set(setCookie: string[]): void };
};

type Query = Record<string, string | number | undefined>;

/** Typed REST client: unwraps `{ success, data }` and throws ChatError on `{ success: false }`. */
export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  register = (body: RegisterBody) => this.request<Session>("POST", ApiPath.register, { body, auth: false });
  login = (body: LoginBody) => this.request<Session>("POST", ApiPath.login, { body, auth: false });
  refresh = () => this.request<Session>("POST", ApiPath.refresh, { auth: false });
  logout = () => this.request<{ loggedOut: true }>("POST", ApiPath.logout, { auth: false });
  /** Single sign-on: the host app's JWT for our session (the refresh cookie comes with it). */
  sso = (token: string) => this.request<Session>("POST", ApiPath.sso, { body: { token }, auth: false });

  me = () => this.request<Me>("GET", ApiPath.me);
  updateProfile = (body: UpdateProfileBody) => this.request<Me>("PATCH", ApiPath.me, { body });
  updatePrivacy = (body: UpdatePrivacyBody) => this.request<Me>("PATCH", ApiPath.myPrivacy, { body });
  searchUsers = (q: string, limit?: number) =>
    this.request<PublicUser[]>("GET", ApiPath.users, { query: { q, limit } });
  blockUser = (userId: string) => this.request<BlockState>("PUT", buildPath(ApiPath.userBlock, { userId }));
  unblockUser = (userId: string) => this.request<BlockState>("DELETE", buildPath(ApiPath.userBlock, { userId }));
  myBlocks = () => this.request<PublicUser[]>("GET", ApiPath.myBlocks);
  user = (userId: string) => this.request<PublicUser>("GET", buildPath(ApiPath.user, { userId }));

  chats = () => this.request<ChatSummary[]>("GET", ApiPath.chats);
  chat = (chatId: string) => this.request<ChatSummary>("GET", buildPath(ApiPath.chat, { chatId }));
  createDirectChat = (userId: string) =>
    this.request<{ chat: ChatSummary; created: boolean }>("POST", ApiPath.directChat, { body: { userId } });
  updateChatSettings = (chatId: string, body: ChatSettingsBody) =>
    this.request<ChatSettings>("PATCH", buildPath(ApiPath.myChatSettings, { chatId }), { body });
  createGroupChat = (body: CreateGroupChatBody) => this.request<ChatSummary>("POST", ApiPath.groupChat, { body });
  // --- Group administration: each answers the chat as I now see it ---
  addMembers = (chatId: string, userIds: string[]) =>
    this.request<ChatSummary>("POST", buildPath(ApiPath.chatMembers, { chatId }), { body: { userIds } });
  removeMember = (chatId: string, userId: string) =>
    this.request<ChatSummary>("DELETE", buildPath(ApiPath.chatMember, { chatId, userId }));
  setMemberRole = (chatId: string, userId: string, role: MemberRole) =>
    this.request<ChatSummary>("PUT", buildPath(ApiPath.chatMemberRole, { chatId, userId }), { body: { role } });
  leaveChat = (chatId: string) => this.request<ChatSummary>("POST", buildPath(ApiPath.chatLeave, { chatId }));
  updateGroup = (chatId: string, body: UpdateGroupBody) =>
    this.request<ChatSummary>("PATCH", buildPath(ApiPath.chat, { chatId }), { body });
  updateGroupSettings = (chatId: string, body: UpdateGroupSettingsBody) =>
    this.request<ChatSummary>("PATCH", buildPath(ApiPath.chatSettings, { chatId }), { body });
  history = (chatId: string, page: { before?: number; after?: number; limit?: number } = {}) =>
    this.request<HistoryPage>("GET", buildPath(ApiPath.chatMessages, { chatId }), { query: page });
  /** The previous bodies of a message, oldest first. */
  messageEdits = (chatId: string, messageId: string) =>
    this.request<MessageEdits>("GET", buildPath(ApiPath.messageEdits, { chatId, messageId }));
  sync = (body: SyncBody) => this.request<SyncResult>("POST", ApiPath.sync, { body });
  search = (q: string, options: { chatId?: string; limit?: number } = {}) =>
    this.request<SearchResults>("GET", ApiPath.search, { query: { q, ...options } });

  // --- Web Push ---
  vapidPublicKey = () => this.request<{ publicKey: string }>("GET", ApiPath.pushVapidPublicKey);
  subscribePush = (body: PushSubscribeBody) =>
    this.request<{ subscribed: true }>("POST", ApiPath.pushSubscriptions, { body });
  unsubscribePush = (body: PushUnsubscribeBody) =>
    this.request<{ removed: boolean }>("DELETE", ApiPath.pushSubscriptions, { body });

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; query?: Query; auth?: boolean } = {},
  ): Promise<T> {
    const url = new URL(path, this.options.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const token = options.auth === false ? null : (this.options.getAccessToken?.() ?? null);
    if (token) headers.authorization = `Bearer ${token}`;
    const cookie = this.options.cookieJar?.get();
    if (cookie) headers.cookie = cookie;

    const doFetch = this.options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        credentials: "include",
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      });
    } catch {
      throw new ChatError({ code: "UNAVAILABLE", message: "The server cannot be reached" });
    }
    const setCookie = response.headers.getSetCookie?.() ?? [];
    if (setCookie.length > 0) this.options.cookieJar?.set(setCookie);

    const payload = (await response.json().catch(() => null)) as Envelope<T> | null;
    if (payload && payload.success === true) return payload.data;
    const parsed = errorBodySchema.safeParse(payload && payload.success === false ? payload.error : null);
    throw new ChatError(
      parsed.success
        ? parsed.data
        : { code: response.status >= 500 ? "INTERNAL" : "VALIDATION_FAILED", message: response.statusText },
      response.status,
    );
  }
}

/** A minimal cookie jar for Node callers (tests, bots): keeps name=value pairs. */
export function memoryCookieJar(): NonNullable<ApiClientOptions["cookieJar"]> {
  const cookies = new Map<string, string>();
  return {
    get: () => (cookies.size ? [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") : null),
    set: (headers) => {
      for (const header of headers) {
        const [pair = ""] = header.split(";");
        const eq = pair.indexOf("=");
        if (eq <= 0) continue;
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (value === "" || /expires=Thu, 01 Jan 1970/i.test(header)) cookies.delete(name);
        else cookies.set(name, value);
      }
    },
  };
}
