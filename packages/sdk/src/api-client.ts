import {
  ApiPath,
  type BlockState,
  buildPath,
  type ChannelDirectory,
  type ChatMediaPage,
  type ChatMediaQuery,
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
  type SetDisappearingBody,
  type SyncBody,
  type SyncResult,
  type UpdateGroupBody,
  type UpdateGroupSettingsBody,
  type UpdatePrivacyBody,
  type UpdateProfileBody,
  type UploadedFile,
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
  /** Disappearing messages timer (seconds, or null for off). */
  setDisappearing = (chatId: string, seconds: SetDisappearingBody["seconds"]) =>
    this.request<ChatSummary>("PUT", buildPath(ApiPath.chatDisappearing, { chatId }), { body: { seconds } });
  // --- Channels ---
  channelDirectory = (query: { q?: string; offset?: number; limit?: number } = {}) =>
    this.request<ChannelDirectory>("GET", ApiPath.channels, { query });
  createChannel = (body: { name: string; description?: string; announcement?: boolean }) =>
    this.request<ChatSummary>("POST", ApiPath.channels, { body });
  joinChannel = (chatId: string) => this.request<ChatSummary>("POST", buildPath(ApiPath.channelJoin, { chatId }));
  history = (chatId: string, page: { before?: number; after?: number; around?: number; limit?: number } = {}) =>
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

  // --- Files ---
  /**
   * Uploads one file (multipart). In browsers it goes through XMLHttpRequest, whose upload
   * events give progress; elsewhere through fetch. Aborting the signal cancels the upload.
   */
  uploadFile = (file: Blob, name: string, options: UploadOptions = {}): Promise<UploadedFile> => {
    const form = new FormData();
    form.append("file", file, name);
    const url = new URL(ApiPath.files, this.options.baseUrl).toString();
    const Xhr = (globalThis as { XMLHttpRequest?: XhrConstructor }).XMLHttpRequest;
    if (Xhr && !this.options.fetch) return this.uploadWithXhr(Xhr, url, form, file.size, options);
    return this.request<UploadedFile>("POST", ApiPath.files, { form, signal: options.signal });
  };
  /** A file's bytes (or its WebP thumbnail) for members of a chat it was shared in, and its uploader. */
  fileBlob = async (fileId: string, variant: "original" | "thumbnail" = "original"): Promise<Blob> => {
    const path = buildPath(variant === "thumbnail" ? ApiPath.fileThumbnail : ApiPath.file, { fileId });
    const response = await this.send("GET", new URL(path, this.options.baseUrl), {});
    if (response.ok) return response.blob();
    throw await this.errorOf(response);
  };
  chatMedia = (chatId: string, query: ChatMediaQuery = {}) =>
    this.request<ChatMediaPage>("GET", buildPath(ApiPath.chatMedia, { chatId }), { query });

  private uploadWithXhr(
    Xhr: XhrConstructor,
    url: string,
    form: FormData,
    total: number,
    options: UploadOptions,
  ): Promise<UploadedFile> {
    return new Promise((resolve, reject) => {
      const xhr = new Xhr();
      xhr.open("POST", url);
      xhr.withCredentials = true;
      const token = this.options.getAccessToken?.() ?? null;
      if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
      xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.lengthComputable ? e.total : total);
      xhr.onload = () => {
        const payload = parseJson(xhr.responseText) as Envelope<UploadedFile> | null;
        if (payload?.success === true) resolve(payload.data);
        else reject(envelopeError(payload, xhr.status, xhr.statusText));
      };
      xhr.onerror = () => reject(new ChatError({ code: "UNAVAILABLE", message: "The server cannot be reached" }));
      xhr.onabort = () => reject(new ChatError({ code: "UNAVAILABLE", message: "Upload cancelled" }));
      options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
      if (options.signal?.aborted) return xhr.abort();
      xhr.send(form);
    });
  }

  private async send(
    method: string,
    url: URL,
    options: { body?: unknown; form?: FormData; auth?: boolean; signal?: AbortSignal | undefined },
  ): Promise<Response> {
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
        ...(options.signal && { signal: options.signal }),
        ...(options.form && { body: options.form }),
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      });
    } catch {
      throw new ChatError({ code: "UNAVAILABLE", message: "The server cannot be reached" });
    }
    const setCookie = response.headers.getSetCookie?.() ?? [];
    if (setCookie.length > 0) this.options.cookieJar?.set(setCookie);
    return response;
  }

  private async errorOf(response: Response): Promise<ChatError> {
    const payload = (await response.json().catch(() => null)) as Envelope<unknown> | null;
    return envelopeError(payload, response.status, response.statusText);
  }

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; form?: FormData; query?: Query; auth?: boolean; signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    const url = new URL(path, this.options.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const response = await this.send(method, url, options);
    const payload = (await response.json().catch(() => null)) as Envelope<T> | null;
    if (payload && payload.success === true) return payload.data;
    throw envelopeError(payload, response.status, response.statusText);
  }
}

/** The part of the browser's XMLHttpRequest an upload uses (the SDK compiles without DOM types). */
type XhrConstructor = new () => {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: FormData): void;
  abort(): void;
  withCredentials: boolean;
  status: number;
  statusText: string;
  responseText: string;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
};

export type UploadOptions = {
  /** Bytes sent so far and in total (browsers only: XMLHttpRequest upload events). */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
};

function envelopeError(payload: Envelope<unknown> | null, status: number, statusText: string): ChatError {
  const parsed = errorBodySchema.safeParse(payload && payload.success === false ? payload.error : null);
  return new ChatError(
    parsed.success ? parsed.data : { code: status >= 500 ? "INTERNAL" : "VALIDATION_FAILED", message: statusText },
    status,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
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
