import { expect, type Page, test } from "@playwright/test";
import { newUser, openChat, PASSWORD, SCREENSHOTS, send } from "./helpers.js";
import { apiLogin, apiUser, markRead, sendMany } from "./seed.js";

async function signIn(page: Page, username: string) {
  await page.goto("/");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a group of three: names on bubbles, ✓✓ turns blue only when everyone has read", async ({ browser }) => {
  const ada = await newUser(browser, "Ada");
  const ben = await apiUser("Ben");
  const cy = await apiUser("Cy");

  await ada.page.getByRole("button", { name: "New group" }).click();
  await ada.page.getByLabel("Group name").fill("Launch crew");
  for (const user of [ben, cy]) {
    await ada.page.getByLabel("Search people").fill(user.username);
    await ada.page.getByRole("button", { name: new RegExp(`@${user.username}\\b`) }).click();
  }
  await ada.page.getByRole("button", { name: /Create group \(3\)/ }).click();
  await expect(ada.page.getByTestId("chat-title")).toHaveText("Launch crew");
  await expect(ada.page.getByTestId("chat-status")).toHaveText("3 members");

  await send(ada.page, "Kick-off at 10");
  const mine = ada.page.locator('[data-testid="message"][data-mine]').last();
  await expect(mine.locator("[data-tick]")).toHaveAttribute("data-tick", /sent|delivered/);

  // Ben and Cy use the app too (their own browser contexts).
  const benCtx = await browser.newContext();
  const benPage = await benCtx.newPage();
  await signIn(benPage, ben.username);
  await openChat(benPage, "Launch crew");
  await expect(benPage.getByTestId("message").last()).toContainText("Ada");
  await expect(benPage.getByTestId("message").last()).toContainText("Kick-off at 10");
  // Read by one of two: still grey.
  await expect(mine.locator("[data-tick]")).not.toHaveAttribute("data-tick", "read");
  await send(benPage, "I'll be there");

  const cyCtx = await browser.newContext();
  const cyPage = await cyCtx.newPage();
  await signIn(cyPage, cy.username);
  await openChat(cyPage, "Launch crew");
  await expect(cyPage.getByTestId("message")).toHaveCount(2);
  await expect(mine.locator("[data-tick]")).toHaveAttribute("data-tick", "read");
  await expect(ada.page.getByTestId("message").last()).toContainText("Ben");
  await cyPage.screenshot({ path: `${SCREENSHOTS}/group-chat.png` });
  await Promise.all([ada.context.close(), benCtx.close(), cyCtx.close()]);
});

test("scrolling up loads older messages without moving the message in view", async ({ browser }) => {
  // The reader wrote the history (nothing unread): the chat opens at the bottom, newest page.
  const writer = await apiUser("Writer");
  const readerApi = await apiUser("Reader");
  const { chat } = await readerApi.api.createDirectChat(writer.id);
  await sendMany(readerApi.token, chat.id, 160, "history");
  // Read (so delivered) on another device: a sign-in's catch-up then stores none of them in this
  // device's cache (it stores what it acknowledges), and older pages come from the network.
  await markRead(readerApi.token, chat.id, 160);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const reader = { context, page: await context.newPage() };
  await signIn(reader.page, readerApi.username);
  await openChat(reader.page, "Writer");
  const list = reader.page.getByTestId("message-list");
  await expect(reader.page.getByTestId("message").last()).toContainText("history 160");
  const domCount = await reader.page.getByTestId("message").count();
  expect(domCount).toBeLessThan(60); // virtualized: not all 160 in the DOM

  // Hold the older page at the network until the anchor's position is measured.
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let olderRequested = false;
  await reader.page.route(/\/api\/chats\/[^/]+\/messages\?before=/, async (route) => {
    olderRequested = true;
    await gate;
    await route.continue();
  });
  // Scroll up like a person does, with the wheel, until the top of what is loaded is reached.
  const box = await list.boundingBox();
  await reader.page.mouse.move((box?.x ?? 0) + (box?.width ?? 0) / 2, (box?.y ?? 0) + (box?.height ?? 0) / 2);
  await expect
    .poll(async () => {
      await reader.page.mouse.wheel(0, -1500);
      return olderRequested;
    })
    .toBe(true);
  const anchor = reader.page.getByTestId("message").first();
  const anchorSeq = Number(await anchor.getAttribute("data-seq"));
  const before = await anchor.boundingBox();
  release();
  const seqs = () =>
    reader.page
      .locator('[data-testid="message"][data-seq]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-seq"))));
  await expect.poll(async () => Math.min(...(await seqs()))).toBeLessThan(anchorSeq);
  const after = await reader.page.locator(`[data-testid="message"][data-seq="${anchorSeq}"]`).boundingBox();
  expect(before).not.toBeNull();
  expect(after).not.toBeNull();
  expect(Math.abs((after?.y ?? 0) - (before?.y ?? 0))).toBeLessThanOrEqual(2);
  // Keep going up: the next page comes too, and the very first message is reachable.
  await reader.page.unroute(/\/api\/chats\/[^/]+\/messages\?before=/);
  await expect
    .poll(async () => {
      await reader.page.mouse.wheel(0, -3000);
      return Math.min(...(await seqs()));
    })
    .toBe(1);
  await reader.context.close();
});

test("opening a chat with unread messages lands on the first unread, under an 'N unread' separator", async ({
  browser,
}) => {
  const reader = await newUser(browser, "Una");
  const writer = await apiUser("Walt");
  const readerId =
    (await writer.api.searchUsers(reader.username)).find((u) => u.username === reader.username)?.id ?? "";
  const { chat } = await writer.api.createDirectChat(readerId);
  await sendMany(writer.token, chat.id, 120, "note");
  await expect(
    reader.page.getByTestId("chat-list-item").filter({ hasText: "Walt" }).getByTestId("unread-badge"),
  ).toHaveText(/^120/);
  await openChat(reader.page, "Walt");
  const separator = reader.page.getByTestId("unread-separator");
  await expect(separator).toHaveText("120 unread messages");
  await expect(separator).toBeInViewport();
  await expect(reader.page.locator('[data-testid="message"][data-seq="1"]')).toBeInViewport();
  await reader.page.screenshot({ path: `${SCREENSHOTS}/unread-separator.png` });
  await reader.context.close();
});

test("a reload at an open chat lands on what arrived while the tab was closed, not where the cache left off", async ({
  browser,
}) => {
  const reader = await newUser(browser, "Rae");
  const writer = await apiUser("Wes");
  const readerId =
    (await writer.api.searchUsers(reader.username)).find((u) => u.username === reader.username)?.id ?? "";
  const { chat } = await writer.api.createDirectChat(readerId);
  await sendMany(writer.token, chat.id, 3, "seen");
  await openChat(reader.page, "Wes");
  await expect(reader.page.getByTestId("message")).toHaveCount(3);
  const readerApi = await apiLogin(reader.username);
  await expect.poll(async () => (await readerApi.api.chats()).find((c) => c.id === chat.id)?.unreadCount).toBe(0);
  const address = reader.page.url();
  await reader.page.close();

  await sendMany(writer.token, chat.id, 60, "while away");
  const page = await reader.context.newPage();
  await page.goto(address);
  const separator = page.getByTestId("unread-separator");
  await expect(separator).toHaveText("60 unread messages");
  await expect(separator).toBeInViewport();
  await expect(page.locator('[data-testid="message"][data-seq="4"]')).toBeInViewport();
  await reader.context.close();
});

test("keyboard only: tab to a chat, type, send", async ({ browser }) => {
  const kim = await newUser(browser, "Kim");
  const lee = await apiUser("Lee");
  const kimId = (await lee.api.searchUsers(kim.username)).find((u) => u.username === kim.username)?.id ?? "";
  await sendMany(lee.token, (await lee.api.createDirectChat(kimId)).chat.id, 1, "hi");
  const page = kim.page;
  await expect(page.getByTestId("chat-list-item")).toHaveCount(1);
  await page.getByLabel("Search chats").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("chat-list-item").first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Type a message")).toBeFocused();
  await page.keyboard.type("typed without a mouse");
  await page.keyboard.press("Enter");
  await expect(page.locator('[data-testid="message"][data-mine]').last()).toContainText("typed without a mouse");
  await kim.context.close();
});

test("narrow screen shows one pane at a time", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  const pat = await apiUser("Pat");
  const sam = await apiUser("Sam");
  await sendMany(pat.token, (await pat.api.createDirectChat(sam.id)).chat.id, 1, "hi");
  await signIn(page, sam.username);
  await expect(page.getByRole("navigation", { name: "Chats" })).toBeVisible();
  await openChat(page, "Pat");
  await expect(page.getByRole("navigation", { name: "Chats" })).toBeHidden();
  await page.screenshot({ path: `${SCREENSHOTS}/narrow-chat.png` });
  await page.getByRole("button", { name: "Back to chats" }).click();
  await expect(page.getByRole("navigation", { name: "Chats" })).toBeVisible();
  await context.close();
});
