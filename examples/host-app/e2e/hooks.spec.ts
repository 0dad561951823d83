import { expect, test } from "@playwright/test";
import { CHAT_URL } from "../playwright.config.js";
import { hostLogin } from "./host-login.js";

test("host hooks: a deep link opens the direct chat by the host's id; onUnreadChange follows; a new person starts from nothing", async ({
  browser,
}) => {
  const alice = await hostLogin(browser, "alice");
  const carol = await hostLogin(browser, "carol");

  // Alice's host page links to Carol by the host's own id (emp-1003): the chat opens that direct chat.
  await alice.page.getByRole("link", { name: "Message Carol Chen" }).click();
  const aliceChat = alice.page.getByTestId("chat-frame");
  await expect(aliceChat.getByTestId("chat-title")).toHaveText("Carol Chen");
  await aliceChat.getByLabel("Type a message").fill("Hi Carol, straight from the dashboard");
  await aliceChat.getByLabel("Type a message").press("Enter");

  // Carol's navbar badge and the host's own copy of the total (onUnreadChange) agree.
  await expect(carol.page.getByTestId("tc-unread-badge")).toHaveText("1");
  await expect(carol.page.getByTestId("host-unread")).toHaveText("1");

  // Carol signs out of the host and Bob signs in on the same tab: nothing of Carol's shows.
  await carol.page.getByRole("button", { name: "Sign out" }).click();
  const tab = carol.page;
  await expect(tab.getByLabel("Username")).toBeVisible();
  await tab.getByLabel("Username").fill("bob");
  await tab.getByLabel("Password").fill("bob-password");
  await tab.getByRole("button", { name: "Sign in" }).click();
  await expect(tab.getByTestId("host-user")).toHaveText("Bob Brown (Sales)");
  await expect(tab.getByTestId("host-unread")).toHaveText("0");
  await expect(tab.getByTestId("tc-unread-badge")).toHaveCount(0);
  await tab.getByRole("link", { name: /Chat/ }).click();
  const bobChat = tab.getByTestId("chat-frame");
  await expect(bobChat.getByTestId("my-name")).toHaveText("Bob Brown");
  await expect(bobChat.getByTestId("chat-list-item").filter({ hasText: "Alice Adams" })).toHaveCount(0);
  await expect(tab.getByTestId("host-unread")).toHaveText("0");

  await alice.context.close();
  await carol.context.close();
});

test("host hooks: a new serverUrl resets everything like a new person, then signs on at the new address only", async ({
  browser,
}) => {
  const alice = await hostLogin(browser, "alice");
  const bob = await hostLogin(browser, "bob");
  await bob.page.getByRole("link", { name: "Message Alice Adams" }).click();
  const bobChat = bob.page.getByTestId("chat-frame");
  await expect(bobChat.getByTestId("chat-title")).toHaveText("Alice Adams");
  await bobChat.getByLabel("Type a message").fill("Before the chat moved");
  await bobChat.getByLabel("Type a message").press("Enter");

  // Alice has the chat open on the first address, with Bob's chat and a badge.
  await alice.page.getByRole("link", { name: /Chat/ }).click();
  const aliceChat = alice.page.getByTestId("chat-frame");
  await expect(aliceChat.getByTestId("chat-list-item").filter({ hasText: "Bob Brown" })).toBeVisible();
  await expect(alice.page.getByTestId("tc-unread-badge")).not.toHaveCount(0);
  await expect(alice.page.getByTestId("host-unread")).not.toHaveText("0");

  // The host moves the chat to another address (the same server under another name, so the
  // data is the same): its sign-on is held until the test has looked at what shows meanwhile.
  const newUrl = CHAT_URL.replace("127.0.0.1", "localhost");
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await alice.page.route(`${newUrl}/**`, async (route) => {
    await held;
    await route.continue();
  });
  const requests: string[] = [];
  alice.page.on("request", (r) => requests.push(r.url()));
  await alice.page.evaluate((url) => {
    (window as unknown as { setChatServerUrl(u: string): void }).setChatServerUrl(url);
  }, newUrl);

  // Nothing of the previous client and store shows: no chats, no name, no badge, host total 0.
  await expect(aliceChat.getByTestId("chat-list-item")).toHaveCount(0);
  await expect(aliceChat.getByTestId("my-name")).toHaveCount(0);
  await expect(alice.page.getByTestId("tc-unread-badge")).toHaveCount(0);
  await expect(alice.page.getByTestId("host-unread")).toHaveText("0");

  release();
  await expect(aliceChat.getByTestId("my-name")).toHaveText("Alice Adams");
  await expect(aliceChat.getByTestId("chat-list-item").filter({ hasText: "Bob Brown" })).toBeVisible();
  await expect(alice.page.getByTestId("tc-unread-badge")).not.toHaveCount(0);
  // Every request since the move went to the new address; the old client is gone.
  expect(requests.some((u) => u.startsWith(newUrl))).toBe(true);
  expect(requests.filter((u) => u.startsWith(CHAT_URL))).toEqual([]);
  // Read, so the next tests start from Alice's usual state (nothing unread).
  await aliceChat.getByTestId("chat-list-item").filter({ hasText: "Bob Brown" }).click();
  await expect(aliceChat.getByTestId("message").filter({ hasText: "Before the chat moved" })).toBeVisible();
  await expect(alice.page.getByTestId("tc-unread-badge")).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});
