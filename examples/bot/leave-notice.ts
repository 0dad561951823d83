/**
 * A server-side integration with the headless SDK (Node): the HR system's bot signs on with a
 * JWT its own back end mints (the same single sign-on a person uses), posts "Leave request
 * approved" into a chat, optionally adds a system notice through the admin API, and listens to
 * the chat until someone answers (or WAIT_SECONDS pass). Prints one JSON line per event.
 *
 *   CHAT_URL=http://127.0.0.1:3000 HOST_JWT_SECRET=… CHAT_ID=… npx tsx examples/bot/leave-notice.ts
 */
import { AdminClient, ChatClient, memoryCookieJar } from "@teamchat/sdk";
import { SignJWT } from "jose";

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};
const print = (event: string, data: object) => console.log(JSON.stringify({ event, ...data }));

const chatUrl = env("CHAT_URL", "http://127.0.0.1:3000");
const chatId = env("CHAT_ID");
const text = env("NOTICE", "✅ Leave request approved: Ann, 3–5 June");
const waitSeconds = Number(env("WAIT_SECONDS", "20"));

// 1. The host back end mints a short-lived token for its bot account (sub = the bot's id there).
const hostToken = await new SignJWT({ name: "HR Bot", department: "HR" })
  .setProtectedHeader({ alg: "HS256" })
  .setSubject(env("BOT_EXTERNAL_ID", "hr-bot"))
  .setIssuer(env("HOST_ISSUER", "https://hr.acme.test"))
  .setAudience(env("CHAT_AUDIENCE", "teamchat"))
  .setIssuedAt()
  .setExpirationTime("2m")
  .sign(new TextEncoder().encode(env("HOST_JWT_SECRET")));

// 2. Sign on: from here the SDK keeps its own session fresh (refresh cookie in a memory jar).
const client = new ChatClient({ serverUrl: chatUrl, cookieJar: memoryCookieJar() });
const me = await client.signInWithHostToken(hostToken);
print("signed-in", { userId: me.id, displayName: me.displayName });

const live = new Promise<void>((resolve) => {
  if (client.connection === "live") return resolve();
  const off = client.on("connection", (state) => {
    if (state === "live") {
      off();
      resolve();
    }
  });
});
const reply = new Promise<void>((resolve) => {
  client.on("message", (message) => {
    if (message.chatId !== chatId || message.senderId === me.id || message.kind !== "text") return;
    print("message", { chatId, senderId: message.senderId, body: message.body });
    resolve();
  });
});
await live;

// 3. Send: queued in the outbox, sent with a clientId (a retry never duplicates), acknowledged.
const sent = new Promise<string>((resolve) => {
  client.on("message", (message) => {
    if (message.senderId === me.id && message.clientId === pending.clientId) resolve(message.id);
  });
});
const pending = await client.sendMessage(chatId, text);
print("sent", { chatId, messageId: await sent, clientId: pending.clientId });

// 4. Optional: a system-style notice (no sender) through the admin API, from the back end.
if (process.env.ADMIN_API_TOKEN) {
  const admin = new AdminClient({ baseUrl: chatUrl, serviceToken: process.env.ADMIN_API_TOKEN });
  const notice = await admin.postNotice(chatId, "Leave request approved");
  print("notice", { chatId, messageId: notice.id, kind: notice.kind });
}

// 5. Listen until someone answers, then leave cleanly.
await Promise.race([reply, new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000))]);
client.stop();
print("done", {});
process.exit(0);
