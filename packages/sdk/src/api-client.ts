import {
  buildPath,
  type ChatMediaQuery,
  type ChatSettingsBody,
  type CreateDirectChatBody,
  type CreateGroupChatBody,
  type Envelope,
  type ErrorBody,
  ErrorCatalogue,
  type ErrorCode,
  type LoginBody,
  type MemberRole,
  type PushSubscribeBody,
  type PushUnsubscribeBody,
  type RegisterBody,
  type RestEndpoint,
  type RestRoutes,
  type RouteBody,
  type RouteInput,
  type RouteName,
  type RouteQuery,
  type RouteResponse,
  restEndpoints,
  type SetDisappearingBody,
  type SyncBody,
  type UpdateGroupBody,
  type UpdateGroupSettingsBody,
  type UpdatePrivacyBody,
  type UpdateProfileBody,
  type UploadedFile,
  type UploadQuery,
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

type Query = Record<string, string | number | boolean | undefined>;

/** Typed REST client: unwraps `{ success, data }` and throws ChatError on `{ success: false }`. */
export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  register = (body: RegisterBody) => this.call("register", { body });
  login = (body: LoginBody) => this.call("login", { body });
  refresh = () => this.call("refresh", {});
  logout = () => this.call("logout", {});
  /** Single sign-on: the host app's JWT for our session (the refresh cookie comes with it). */
  sso = (token: string) => this.call("sso", { body: { token } });

  me = () => this.call("me", {});
  updateProfile = (body: UpdateProfileBody) => this.call("updateProfile", { body });
  updatePrivacy = (body: UpdatePrivacyBody) => this.call("updatePrivacy", { body });
  searchUsers = (q: string, limit?: number) => this.call("searchUsers", { query: { q, limit } });
  blockUser = (userId: string) => this.call("blockUser", { params: { userId } });
  unblockUser = (userId: string) => this.call("unblockUser", { params: { userId } });
  myBlocks = () => this.call("myBlocks", {});
  user = (userId: string) => this.call("user", { params: { userId } });

  chats = () => this.call("chats", {});
  chat = (chatId: string) => this.call("chat", { params: { chatId } });
  /** With a person by our user id, or by the host app's id for them (`{ externalId }`). */
  createDirectChat = (to: string | CreateDirectChatBody) =>
    this.call("createDirectChat", { body: typeof to === "string" ? { userId: to } : to });
  updateChatSettings = (chatId: string, body: ChatSettingsBody) =>
    this.call("updateChatSettings", { params: { chatId }, body });
  createGroupChat = (body: CreateGroupChatBody) => this.call("createGroupChat", { body });
  // --- Group administration: each answers the chat as I now see it ---
  addMembers = (chatId: string, userIds: string[]) =>
    this.call("addMembers", { params: { chatId }, body: { userIds } });
  removeMember = (chatId: string, userId: string) => this.call("removeMember", { params: { chatId, userId } });
  setMemberRole = (chatId: string, userId: string, role: MemberRole) =>
    this.call("setMemberRole", { params: { chatId, userId }, body: { role } });
  leaveChat = (chatId: string) => this.call("leaveChat", { params: { chatId } });
  updateGroup = (chatId: string, body: UpdateGroupBody) => this.call("updateGroup", { params: { chatId }, body });
  updateGroupSettings = (chatId: string, body: UpdateGroupSettingsBody) =>
    this.call("updateGroupSettings", { params: { chatId }, body });
  /** Disappearing messages timer (seconds, or null for off). */
  setDisappearing = (chatId: string, seconds: SetDisappearingBody["seconds"]) =>
    this.call("setDisappearing", { params: { chatId }, body: { seconds } });
  // --- Channels ---
  channelDirectory = (query: RouteQuery<RestRoutes["channelDirectory"]> = {}) =>
    this.call("channelDirectory", { query });
  createChannel = (body: RouteBody<RestRoutes["createChannel"]>) => this.call("createChannel", { body });
  joinChannel = (chatId: string) => this.call("joinChannel", { params: { chatId } });
  history = (chatId: string, page: RouteQuery<RestRoutes["history"]> = {}) =>
    this.call("history", { params: { chatId }, query: page });
  /** The previous bodies of a message, oldest first. */
  messageEdits = (chatId: string, messageId: string) => this.call("messageEdits", { params: { chatId, messageId } });
  sync = (body: SyncBody) => this.call("sync", { body });
  search = (q: string, options: { chatId?: string; limit?: number; cursor?: string } = {}) =>
    this.call("search", { query: { q, ...options } });
  starMessage = (chatId: string, messageId: string) => this.call("starMessage", { params: { chatId, messageId } });
  unstarMessage = (chatId: string, messageId: string) => this.call("unstarMessage", { params: { chatId, messageId } });
  starredMessages = () => this.call("starredMessages", {});
  messageInfo = (chatId: string, messageId: string) => this.call("messageInfo", { params: { chatId, messageId } });

  // --- Web Push ---
  vapidPublicKey = () => this.call("vapidPublicKey", {});
  subscribePush = (body: PushSubscribeBody) => this.call("subscribePush", { body });
  unsubscribePush = (body: PushUnsubscribeBody) => this.call("unsubscribePush", { body });

  // --- Files ---
  /**
   * Uploads one file (multipart). In browsers it goes through XMLHttpRequest, whose upload
   * events give progress; elsewhere through fetch. Aborting the signal cancels the upload.
   */
  uploadFile = (file: Blob, name: string, options: UploadOptions = {}): Promise<UploadedFile> => {
    const form = new FormData();
    form.append("file", file, name);
    const query: UploadQuery = {
      ...(options.square && { square: "1" }),
      ...(options.voice && {
        durationMs: String(Math.round(options.voice.durationMs)),
        waveform: options.voice.waveform.join(","),
      }),
    };
    const url = new URL(restEndpoints.uploadFile.path, this.options.baseUrl);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const Xhr = (globalThis as { XMLHttpRequest?: XhrConstructor }).XMLHttpRequest;
    if (Xhr && !this.options.fetch) return this.uploadWithXhr(Xhr, url.toString(), form, file.size, options);
    return this.request<UploadedFile>("POST", restEndpoints.uploadFile.path, { form, signal: options.signal, query });
  };
  /** A file's bytes (or its WebP thumbnail) for members of a chat it was shared in, and its uploader. */
  fileBlob = async (fileId: string, variant: "original" | "thumbnail" = "original"): Promise<Blob> => {
    const path = buildPath((variant === "thumbnail" ? restEndpoints.fileThumbnail : restEndpoints.file).path, {
      fileId,
    });
    const response = await this.send("GET", new URL(path, this.options.baseUrl), {});
    if (response.ok) return response.blob();
    throw await this.errorOf(response);
  };
  chatMedia = (chatId: string, query: ChatMediaQuery = {}) => this.call("chatMedia", { params: { chatId }, query });
  /** The preview a link would get if sent now (null: none); its image is a file id (fileBlob). */
  linkPreview = (url: string) => this.call("linkPreview", { body: { url } });

  /**
   * Calls a route of the protocol's table by name: its path filled from `params`, typed by the
   * table's schemas, so a route's request and answer cannot drift from what the server registers.
   * The method and path come from `restEndpoints` (no schema is built or shipped for a call).
   */
  call<K extends RouteName>(name: K, input: RouteInput<RestRoutes[K]>): Promise<RouteResponse<RestRoutes[K]>> {
    const route: RestEndpoint = restEndpoints[name];
    const path = input.params ? buildPath(route.path, input.params as Record<string, string>) : route.path;
    return this.request<RouteResponse<RestRoutes[K]>>(route.method, path, {
      ...(input.body !== undefined && { body: input.body }),
      ...(input.query !== undefined && { query: input.query as Query }),
      auth: route.auth !== "none",
    });
  }

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
  /** An image cropped to a centred square by the server (a profile photo). */
  square?: boolean;
  /** A voice note: its length and waveform peaks (LIMITS.voiceWaveformPeaks values 0..255); the bytes must be audio. */
  voice?: VoiceMeta;
};

export type VoiceMeta = { durationMs: number; waveform: number[] };

function envelopeError(payload: Envelope<unknown> | null, status: number, statusText: string): ChatError {
  const body = errorBodyOf(payload && payload.success === false ? payload.error : null);
  return new ChatError(body ?? { code: status >= 500 ? "INTERNAL" : "VALIDATION_FAILED", message: statusText }, status);
}

/**
 * The error body when it is one (a known code and a message), with only its known fields. Checked
 * by hand, not with the protocol's zod schema: the SDK ships in the web app's main bundle, which
 * then builds no schema at start-up (issue 15).
 */
export function errorBodyOf(value: unknown): ErrorBody | null {
  if (typeof value !== "object" || value === null) return null;
  const { code, message, details, retryAfterMs } = value as Record<string, unknown>;
  if (typeof code !== "string" || !Object.hasOwn(ErrorCatalogue, code) || typeof message !== "string") return null;
  const body: ErrorBody = { code: code as ErrorCode, message };
  if (details !== undefined) {
    if (!Array.isArray(details)) return null;
    const items: { path: string; message: string }[] = [];
    for (const d of details as unknown[]) {
      const item = (typeof d === "object" && d !== null ? d : {}) as Record<string, unknown>;
      if (typeof item.path !== "string" || typeof item.message !== "string") return null;
      items.push({ path: item.path, message: item.message });
    }
    body.details = items;
  }
  if (retryAfterMs !== undefined) {
    if (typeof retryAfterMs !== "number" || !Number.isInteger(retryAfterMs) || retryAfterMs < 0) return null;
    body.retryAfterMs = retryAfterMs;
  }
  return body;
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
