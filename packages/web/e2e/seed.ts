import { ApiClient, createSocket, memoryCookieJar, request } from "@teamchat/sdk";
import { PASSWORD, uniqueName } from "./helpers.js";

const baseUrl = () => `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;

/** Registers a user over the real API (for fixtures the browser test does not need to click through). */
export async function apiUser(displayName: string) {
  let token: string | null = null;
  const api = new ApiClient({ baseUrl: baseUrl(), getAccessToken: () => token, cookieJar: memoryCookieJar() });
  const username = uniqueName(displayName.toLowerCase());
  const session = await api.register({ username, password: PASSWORD, displayName });
  token = session.accessToken;
  return { api, username, displayName, id: session.user.id, token: session.accessToken };
}

/** Sends `count` messages into a chat through a real socket, in order. */
export async function sendMany(token: string, chatId: string, count: number, label = "message") {
  const socket = createSocket({ serverUrl: baseUrl(), getToken: () => token });
  try {
    for (let i = 1; i <= count; i++) {
      await request(socket, "message:send", { chatId, clientId: crypto.randomUUID(), body: `${label} ${i}` });
    }
  } finally {
    socket.disconnect();
  }
}

async function withSocket<T>(token: string, run: (socket: ReturnType<typeof createSocket>) => Promise<T>): Promise<T> {
  const socket = createSocket({ serverUrl: baseUrl(), getToken: () => token });
  try {
    return await run(socket);
  } finally {
    socket.disconnect();
  }
}

/** Sends one message answering `replyToId`, through a real socket. */
export function sendReply(token: string, chatId: string, body: string, replyToId: string) {
  return withSocket(token, (socket) =>
    request(socket, "message:send", { chatId, clientId: crypto.randomUUID(), body, replyToId }),
  );
}

/** Pins a message for everyone in its chat, through a real socket. */
export function pinMessage(token: string, chatId: string, messageId: string) {
  return withSocket(token, (socket) => request(socket, "message:pin", { chatId, messageId }));
}

/** Signs in as an existing user over the API (e.g. one the browser registered). */
export async function apiLogin(username: string) {
  let token: string | null = null;
  const api = new ApiClient({ baseUrl: baseUrl(), getAccessToken: () => token, cookieJar: memoryCookieJar() });
  const session = await api.login({ username, password: PASSWORD });
  token = session.accessToken;
  return { api, token: session.accessToken };
}

/** Moves a member's read pointer, as reading on another device would. */
export function markRead(token: string, chatId: string, upToSeq: number) {
  return withSocket(token, (socket) => request(socket, "message:read", { chatId, upToSeq }));
}

/**
 * The direct chat between an API user and someone else, seen from the API user's side. A direct
 * chat started by the other person is not in this one's list before its first message, so it is
 * asked for (one per pair: this returns the existing chat).
 */
export async function directChatIdWith(peer: Awaited<ReturnType<typeof apiUser>>, otherUsername: string) {
  const other = (await peer.api.searchUsers(otherUsername)).find((u) => u.username === otherUsername);
  if (!other) throw new Error(`no user ${otherUsername}`);
  return (await peer.api.createDirectChat(other.id)).chat.id;
}
