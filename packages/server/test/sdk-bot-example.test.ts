import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { ClientEvent, ServerEvent } from "@teamchat/protocol";
import { AdminClient, ApiClient, createSocket, memoryCookieJar, request } from "@teamchat/sdk";
import { afterAll, describe, expect, it } from "vitest";
import { connected, newClientId, nextEvent, useTestServer } from "./harness.js";
import { HOST, HOST_SECRET, signHs256 } from "./host-tokens.js";

const ADMIN_TOKEN = "admin-service-token-for-the-bot-example-0123456789";
const server = useTestServer({
  SSO_JWT_SECRET: HOST_SECRET,
  SSO_ISSUER: HOST.issuer,
  SSO_AUDIENCE: HOST.audience,
  ADMIN_API_TOKEN: ADMIN_TOKEN,
});
const repoRoot = path.resolve(import.meta.dirname, "../../..");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill();
});

/** Runs examples/bot/leave-notice.ts as a user would, collecting its JSON lines as they come. */
function runBot(env: Record<string, string>) {
  const child = spawn("npx", ["tsx", "examples/bot/leave-notice.ts"], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const events: { event: string; [k: string]: unknown }[] = [];
  const waiters: (() => void)[] = [];
  let buffer = "";
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout?.on("data", (d: Buffer) => {
    buffer += d.toString();
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line.startsWith("{")) events.push(JSON.parse(line));
      for (const w of waiters.splice(0)) w();
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const waitFor = async (event: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = events.find((e) => e.event === event);
      if (found) return found;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${event}; stderr: ${stderr}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  };
  return { waitFor, exited };
}

describe("examples/bot/leave-notice.ts against a real server", () => {
  it("signs the bot on by SSO, posts the notice and a system notice, hears the reply, exits cleanly", async () => {
    const admin = new AdminClient({ baseUrl: server.baseUrl, serviceToken: ADMIN_TOKEN });
    await admin.upsertUser({ externalId: "hr-bot", displayName: "HR Bot", department: "HR" });
    let token: string | null = null;
    const ann = new ApiClient({ baseUrl: server.baseUrl, cookieJar: memoryCookieJar(), getAccessToken: () => token });
    const annSession = await ann.sso(await signHs256({ sub: "emp-ann", name: "Ann" }));
    token = annSession.accessToken;
    const chat = await admin.createChat({
      name: "Ann & HR",
      ownerExternalId: "emp-ann",
      memberExternalIds: ["hr-bot"],
    });
    const socket = createSocket({ serverUrl: server.baseUrl, getToken: () => token, autoConnect: false });
    await connected(socket);
    const fromBot = nextEvent(socket, ServerEvent.messageNew, (m) => m.kind === "text", 60_000);
    const notice = nextEvent(socket, ServerEvent.messageNew, (m) => m.kind === "notice" && m.senderId === null, 60_000);

    const bot = runBot({
      CHAT_URL: server.baseUrl,
      CHAT_ID: chat.chatId,
      HOST_JWT_SECRET: HOST_SECRET,
      HOST_ISSUER: HOST.issuer,
      CHAT_AUDIENCE: HOST.audience,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      WAIT_SECONDS: "60",
    });
    const signedIn = await bot.waitFor("signed-in");
    const sent = await bot.waitFor("sent");
    const message = await fromBot;
    expect(message.body).toBe("✅ Leave request approved: Ann, 3–5 June");
    expect(message.senderId).toBe(signedIn.userId);
    expect(sent.messageId).toBe(message.id);
    expect((await notice).body).toBe("Leave request approved");

    // Ann answers; the bot's listener prints it and the script ends.
    await bot.waitFor("notice");
    await request(socket, ClientEvent.messageSend, { chatId: chat.chatId, clientId: newClientId(), body: "Thanks!" });
    expect((await bot.waitFor("message")).body).toBe("Thanks!");
    expect(await bot.exited).toBe(0);
    socket.disconnect();
  });
});
