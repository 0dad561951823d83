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
