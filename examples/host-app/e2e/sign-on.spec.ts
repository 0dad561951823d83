import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { SignJWT } from "jose";
import { CHAT_AUDIENCE, EMPLOYEES, HOST_ISSUER } from "../host-api.js";
import { ADMIN_API_TOKEN, CHAT_URL, HOST_JWT_SECRET, HOST_PORT_NUMBER } from "../playwright.config.js";
import { hostLogin } from "./host-login.js";

type TokenOptions = { sub: string; secret?: string; issuer?: string; audience?: string; expiresAt?: number };

/** A host JWT as the host's back end would mint it, or deliberately wrong in one respect. */
async function hostToken({
  sub,
  secret = HOST_JWT_SECRET,
  issuer = HOST_ISSUER,
  audience = CHAT_AUDIENCE,
  expiresAt,
}: TokenOptions) {
  const employee = EMPLOYEES.find((e) => e.id === sub);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: employee?.name ?? sub, email: employee?.email, department: employee?.department ?? "Ops" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now - 7200)
    .setExpirationTime(expiresAt ?? now + 3600)
    .sign(new TextEncoder().encode(secret));
}

/** Puts the host's own saved login (sessionStorage) in place, as if its login page had run. */
async function hostSession(context: BrowserContext, token: string, sub: string) {
  const employee = EMPLOYEES.find((e) => e.id === sub);
  const session = { token, user: { id: sub, name: employee?.name ?? sub, department: employee?.department ?? "Ops" } };
  // Once: a reload keeps what the page saved since (as the host's own login would).
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem("acme-hr-token")) sessionStorage.setItem("acme-hr-token", value);
  }, JSON.stringify(session));
}

async function openChatWith(page: Page, base: string, token: string, sub: string) {
  await hostSession(page.context(), token, sub);
  await page.goto(`${base}/chat`);
  return page.getByTestId("chat-frame");
}

const HOST = `http://127.0.0.1:${HOST_PORT_NUMBER}`;

for (const [name, options, code] of [
  ["an expired host token", { expiresAt: Math.floor(Date.now() / 1000) - 600 }, "SSO_TOKEN_EXPIRED"],
  ["a token signed with another secret", { secret: "not-the-shared-secret-at-all-0123456789" }, "SSO_TOKEN_INVALID"],
  ["a token from another issuer", { issuer: "https://evil.test" }, "SSO_TOKEN_INVALID"],
  ["a token for another audience", { audience: "someone-else" }, "SSO_TOKEN_INVALID"],
] as const) {
  test(`sign-on with ${name}: the reason, a Retry and the host's onError`, async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const chat = await openChatWith(page, HOST, await hostToken({ sub: "emp-1002", ...options }), "emp-1002");
    await expect(chat.getByTestId("tc-chat-problem")).toHaveAttribute("data-code", code);
    await expect(chat.getByRole("alert")).toContainText("Chat sign-in failed");
    await expect(page.getByTestId("host-chat-notice")).toHaveText(`Chat unavailable: ${code}`);
    await expect(chat.getByRole("button", { name: "Retry" })).toBeVisible();
    await context.close();
  });
}

test("a disabled account, an origin not allowed and a server down each say so; Retry recovers", async ({ browser }) => {
  // Disabled by the host's back end before the person ever opened the chat.
  await fetch(`${CHAT_URL}/api/admin/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_API_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ externalId: "emp-7001", username: "dora", displayName: "Dora Disabled" }),
  });
  const disabled = await fetch(`${CHAT_URL}/api/admin/users/emp-7001`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${ADMIN_API_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ disabled: true }),
  });
  expect(disabled.status).toBe(200);
  let context = await browser.newContext();
  let page = await context.newPage();
  let chat = await openChatWith(page, HOST, await hostToken({ sub: "emp-7001" }), "emp-7001");
  await expect(chat.getByTestId("tc-chat-problem")).toHaveAttribute("data-code", "ACCOUNT_DISABLED");
  await expect(chat.getByRole("alert")).toContainText("This account is disabled");
  await context.close();

  // The host page under a name the chat server does not allow (CORS refuses it).
  context = await browser.newContext();
  page = await context.newPage();
  chat = await openChatWith(
    page,
    `http://elsewhere.test:${HOST_PORT_NUMBER}`,
    await hostToken({ sub: "emp-1002" }),
    "emp-1002",
  );
  await expect(chat.getByTestId("tc-chat-problem")).toHaveAttribute("data-code", "ORIGIN_NOT_ALLOWED");
  await expect(chat.getByRole("alert")).toContainText("ALLOWED_ORIGINS");
  await context.close();

  // The chat server down, then back: Retry signs on.
  context = await browser.newContext();
  page = await context.newPage();
  const down = (route: { abort(code: string): Promise<void> }) => route.abort("connectionrefused");
  await page.route(`${CHAT_URL}/**`, down);
  chat = await openChatWith(page, HOST, await hostToken({ sub: "emp-1002" }), "emp-1002");
  await expect(chat.getByTestId("tc-chat-problem")).toHaveAttribute("data-code", "SERVER_UNREACHABLE");
  await expect(page.getByTestId("host-chat-notice")).toHaveText("Chat unavailable: SERVER_UNREACHABLE");
  await page.unroute(`${CHAT_URL}/**`, down);
  await chat.getByRole("button", { name: "Retry" }).click();
  await expect(chat.getByTestId("my-name")).toHaveText("Bob Brown");

  // A server that accepts the connection but never answers: bounded by the sign-on timeout.
  await context.close();
  context = await browser.newContext();
  page = await context.newPage();
  await page.route(`${CHAT_URL}/api/auth/**`, () => {});
  chat = await openChatWith(page, HOST, await hostToken({ sub: "emp-1002" }), "emp-1002");
  await expect(chat.getByText("Loading…")).toBeVisible();
  await expect(chat.getByTestId("tc-chat-problem")).toHaveAttribute("data-code", "SIGN_ON_TIMEOUT", {
    timeout: 30_000,
  });
  await context.close();
});

test("same site: a reload after the host token expired resumes from the refresh cookie", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  let chat = await openChatWith(page, HOST, await hostToken({ sub: "emp-1001" }), "emp-1001");
  await expect(chat.getByTestId("my-name")).toHaveText("Alice Adams");
  // The access token lives seconds here: wait for the chat to have refreshed it by cookie.
  await page.waitForResponse((r) => r.url().endsWith("/api/auth/refresh") && r.ok(), { timeout: 30_000 });

  // Later the host's JWT has expired (the host page keeps it), and the page reloads.
  const expired = await hostToken({ sub: "emp-1001", expiresAt: Math.floor(Date.now() / 1000) - 60 });
  await page.evaluate((t) => {
    const saved = JSON.parse(sessionStorage.getItem("acme-hr-token") ?? "{}");
    sessionStorage.setItem("acme-hr-token", JSON.stringify({ ...saved, token: t }));
  }, expired);
  const sso: string[] = [];
  page.on("request", (r) => r.url().endsWith("/api/auth/sso") && sso.push(r.url()));
  await page.reload();
  chat = page.getByTestId("chat-frame");
  await expect(chat.getByTestId("my-name")).toHaveText("Alice Adams");
  await expect(chat.getByRole("alert")).toHaveCount(0);
  expect(sso).toEqual([]); // the expired host token was never needed
  await context.close();
});

test("cross site (host on localhost, chat on 127.0.0.1): no cookie, the chat renews with host tokens and keeps working", async ({
  browser,
}) => {
  const crossSite = `http://localhost:${HOST_PORT_NUMBER}`;
  const alice = await hostLogin(browser, "alice", crossSite);
  const bob = await hostLogin(browser, "bob");
  await alice.page.getByRole("link", { name: /Chat/ }).click();
  const chat = alice.page.getByTestId("chat-frame");
  await expect(chat.getByTestId("my-name")).toHaveText("Alice Adams");
  // Several access-token lifetimes: each renewal is a host-token exchange (the cookie cannot go
  // cross-site), and the chat stays signed in.
  for (let i = 0; i < 2; i++) {
    await alice.page.waitForResponse((r) => r.url().endsWith("/api/auth/sso") && r.ok(), { timeout: 30_000 });
  }
  await expect(chat.getByRole("alert")).toHaveCount(0);
  await chat.getByTestId("chat-list-item").filter({ hasText: "Sales team" }).click();
  await chat.getByLabel("Type a message").fill("Still here across sites");
  await chat.getByLabel("Type a message").press("Enter");
  await expect(bob.page.getByTestId("tc-unread-badge")).not.toHaveCount(0);
  await bob.page.getByRole("link", { name: /Chat/ }).click();
  const bobChat = bob.page.getByTestId("chat-frame");
  await bobChat.getByTestId("chat-list-item").filter({ hasText: "Sales team" }).click();
  await expect(bobChat.getByTestId("message").filter({ hasText: "Still here across sites" })).toBeVisible();
  await alice.context.close();
  await bob.context.close();
});
