import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { SignJWT } from "jose";
import { CHAT_AUDIENCE, HOST_ISSUER } from "../host-api.js";
import { CHAT_URL, HOST_JWT_SECRET, PACKED_HOST_DIR } from "../playwright.config.js";
import { hostLogin } from "./host-login.js";

/** A bot as a host developer writes it from the SDK README: plain JavaScript, plain `node`. */
const BOT = `
import { ChatClient, memoryCookieJar } from "@teamchat/sdk";
const client = new ChatClient({ serverUrl: process.env.CHAT_URL, cookieJar: memoryCookieJar() });
const me = await client.signInWithHostToken(process.env.HOST_TOKEN);
await new Promise((resolve) => {
  if (client.connection === "live") return resolve();
  const off = client.on("connection", (s) => s === "live" && (off(), resolve()));
});
const { chat } = await client.api.createDirectChat({ externalId: "emp-1001" });
const pending = await client.sendMessage(chat.id, "Hello from a bot on the packed SDK");
const id = await new Promise((resolve) =>
  client.on("message", (m) => m.clientId === pending.clientId && resolve(m.id)),
);
console.log(JSON.stringify({ me: me.displayName, chatId: chat.id, messageId: id }));
client.stop();
process.exit(0);
`;

test("a bot runs under plain node from the packed SDK, installed outside the repo", async ({ browser }) => {
  // The host page itself was built in PACKED_HOST_DIR from the tarballs (start.ts): it runs here.
  expect(fs.existsSync(path.join(PACKED_HOST_DIR, "node_modules/@teamchat/sdk/dist/index.js"))).toBe(true);
  expect(fs.lstatSync(path.join(PACKED_HOST_DIR, "node_modules/@teamchat/sdk")).isSymbolicLink()).toBe(false);
  // The bots' SQLite store is its own entry point; its native module is an optional peer that a
  // browser host never gets installed.
  const sdk = JSON.parse(
    fs.readFileSync(path.join(PACKED_HOST_DIR, "node_modules/@teamchat/sdk/package.json"), "utf8"),
  );
  expect(sdk.exports["./node"]).toMatchObject({ import: "./dist/node.js" });
  expect(sdk.peerDependenciesMeta["better-sqlite3"]).toEqual({ optional: true });
  expect(fs.existsSync(path.join(PACKED_HOST_DIR, "node_modules/@teamchat/sdk/dist/node.js"))).toBe(true);
  expect(fs.existsSync(path.join(PACKED_HOST_DIR, "node_modules/better-sqlite3"))).toBe(false);
  fs.writeFileSync(path.join(PACKED_HOST_DIR, "bot.mjs"), BOT);
  const token = await new SignJWT({ name: "Packed Bot", department: "IT" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("bot-packed")
    .setIssuer(HOST_ISSUER)
    .setAudience(CHAT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(HOST_JWT_SECRET));
  const { stdout } = await promisify(execFile)(process.execPath, ["bot.mjs"], {
    cwd: PACKED_HOST_DIR,
    env: { PATH: process.env.PATH, CHAT_URL, HOST_TOKEN: token },
    timeout: 60_000,
  });
  expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}")).toMatchObject({ me: "Packed Bot" });

  const alice = await hostLogin(browser, "alice");
  await alice.page.getByRole("link", { name: /Chat/ }).click();
  const chat = alice.page.getByTestId("chat-frame");
  await chat.getByTestId("chat-list-item").filter({ hasText: "Packed Bot" }).click();
  await expect(chat.getByTestId("message").filter({ hasText: "Hello from a bot on the packed SDK" })).toBeVisible();
  await alice.context.close();
});
