import { type Browser, type BrowserContextOptions, expect, type Locator, type Page, test } from "@playwright/test";
import { seriousViolations } from "./axe.js";
import { PASSWORD, SCREENSHOTS, send, uniqueName } from "./helpers.js";
import { apiUser, sendMany } from "./seed.js";

/** A phone: 390×844 CSS px, touch, mobile viewport. */
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

const LONG_NAME = "Erika Mustermann";
const GROUP = "Lunch & rota planning";

/** Registers in a phone browser; a group (from an API user) with 30 messages and one of mine last. */
async function phoneWithGroup(browser: Browser) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const username = uniqueName("erika");
  await page.goto("/");
  await page.getByRole("button", { name: "New here? Create an account" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Your name").fill(LONG_NAME);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("my-name")).toHaveText(LONG_NAME);

  const host = await apiUser("Hal");
  const me = (await host.api.searchUsers(username)).find((u) => u.username === username);
  if (!me) throw new Error("phone user not found");
  const group = await host.api.createGroupChat({ name: GROUP, memberIds: [me.id] });
  await sendMany(host.token, group.id, 30, "plan");
  const item = page.getByTestId("chat-list-item").filter({ hasText: GROUP });
  await item.click();
  await expect(page.getByTestId("chat-title")).toHaveText(GROUP);
  await send(page, "I will bring the soup");
  const mine = page.locator('[data-testid="message"][data-mine]').last();
  await expect(mine).toHaveAttribute("data-seq", /\d+/);
  return { context, page, host, chatId: group.id, mine };
}

function inside(box: { x: number; y: number; width: number; height: number } | null, page: Page) {
  const viewport = page.viewportSize();
  if (!box || !viewport) throw new Error("no box");
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width + 0.5);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height + 0.5);
}

/** A finger on the element's middle, held until `until` holds, then lifted (no fixed wait). */
async function longPress(page: Page, target: Locator, until: () => Promise<void>) {
  const box = await target.boundingBox();
  if (!box) throw new Error("no box");
  const point = { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 12) };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point] });
  await until();
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

async function swipeRight(page: Page, target: Locator, distance: number) {
  const box = await target.boundingBox();
  if (!box) throw new Error("no box");
  const y = box.y + Math.min(box.height / 2, 12);
  const x = box.x + 8;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y }] });
  for (let step = 1; step <= 8; step++) {
    await cdp.send("Input.dispatchTouchEvent", {
      type: "touchMove",
      touchPoints: [{ x: x + (distance * step) / 8, y }],
    });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

test("phone: long-press opens the message actions as a sheet on screen; Escape and a tap outside close it", async ({
  browser,
}) => {
  const { context, page, mine } = await phoneWithGroup(browser);
  // No hover-only control catches a tap: the ⋮ button takes no touches on a touch screen.
  await expect(mine.getByRole("button", { name: "Message actions" })).toHaveCSS("pointer-events", "none");
  await page.screenshot({ path: `${SCREENSHOTS}/phone-chat.png` });

  const sheet = page.getByTestId("sheet");
  await longPress(page, mine.getByTestId("message-body"), () => expect(sheet).toBeVisible());
  await expect(sheet.getByRole("menuitem", { name: "Edit" })).toBeVisible();
  await expect(sheet.getByRole("menuitem", { name: "Delete for everyone" })).toBeVisible();
  inside(await sheet.boundingBox(), page);
  await page.screenshot({ path: `${SCREENSHOTS}/phone-message-actions-sheet.png` });
  expect(await seriousViolations(page), "phone: actions sheet").toEqual([]);

  await page.keyboard.press("Escape");
  await expect(sheet).toHaveCount(0);

  await longPress(page, mine.getByTestId("message-body"), () => expect(sheet).toBeVisible());
  await page.touchscreen.tap(195, 60);
  await expect(sheet).toHaveCount(0);

  // An entry works from the sheet: Edit puts the message in the composer.
  await longPress(page, mine.getByTestId("message-body"), () => expect(sheet).toBeVisible());
  await sheet.getByRole("menuitem", { name: "Edit" }).tap();
  await expect(page.getByTestId("editing-banner")).toBeVisible();
  await expect(page.getByLabel("Type a message")).toHaveValue("I will bring the soup");
  await context.close();
});

test("phone: swipe right on a message starts a reply", async ({ browser }) => {
  const { context, page } = await phoneWithGroup(browser);
  const theirs = page.locator('[data-testid="message"]:not([data-mine])').last();
  await expect(theirs).toContainText("plan 30");
  await swipeRight(page, theirs, 110);
  await expect(page.getByTestId("reply-banner")).toContainText("plan 30");
  await page.screenshot({ path: `${SCREENSHOTS}/phone-swipe-reply.png` });
  await context.close();
});

test("phone: names use the width, icons fold into ⋮, and group info is a page Back closes", async ({ browser }) => {
  const { context, page, chatId } = await phoneWithGroup(browser);
  const title = page.getByTestId("chat-title");
  await expect(title).toHaveText(GROUP);
  expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expect(page.getByRole("button", { name: "Search in chat" })).toHaveCount(0);

  await page.getByRole("button", { name: "Chat settings" }).tap();
  const menu = page.getByRole("menu", { name: "Chat settings" });
  await expect(menu).toBeVisible();
  inside(await menu.boundingBox(), page);
  await page.screenshot({ path: `${SCREENSHOTS}/phone-chat-menu.png` });
  await menu.getByRole("menuitem", { name: "Group info" }).tap();
  await expect(page.getByRole("dialog", { name: "Group info" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(`/chats/${chatId}/info`);
  await page.screenshot({ path: `${SCREENSHOTS}/phone-group-info.png` });
  await page.goBack();
  await expect(page.getByRole("dialog", { name: "Group info" })).toHaveCount(0);
  expect(new URL(page.url()).pathname).toBe(`/chats/${chatId}`);
  await expect(title).toBeVisible();

  await page.getByRole("button", { name: "Back to chats" }).tap();
  const myName = page.getByTestId("my-name");
  await expect(myName).toHaveText(LONG_NAME);
  await page.screenshot({ path: `${SCREENSHOTS}/phone-list.png` });
  expect(await seriousViolations(page), "phone: list").toEqual([]);
  expect(await myName.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await context.close();
});

test("phone: Back from a chat returns to the list and stays in the app; Forward and reload keep the chat", async ({
  browser,
}) => {
  const { context, page, chatId } = await phoneWithGroup(browser);
  expect(new URL(page.url()).pathname).toBe(`/chats/${chatId}`);

  await page.goBack();
  await expect(page.getByTestId("chat-list")).toBeVisible();
  await expect(page.getByTestId("chat-title")).toHaveCount(0);
  expect(new URL(page.url()).pathname).toBe("/");

  await page.goForward();
  await expect(page.getByTestId("chat-title")).toHaveText(GROUP);

  await page.reload();
  await expect(page.getByTestId("chat-title")).toHaveText(GROUP);
  await expect(page.locator('[data-testid="message"][data-mine]').last()).toContainText("I will bring the soup");
  // Back after the reload still lands in the app's list.
  await page.goBack();
  await expect(page.getByTestId("chat-list")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(page.url()).origin);
  expect(new URL(page.url()).pathname).toBe("/");
  await context.close();
});

test("phone: a link to a message opens the chat there; Back goes to the list, not off the app", async ({ browser }) => {
  const { context, page, chatId } = await phoneWithGroup(browser);
  // A new tab opened on the link (as from a notification or a pasted link): nothing behind it.
  const tab = await context.newPage();
  await tab.goto(`/chats/${chatId}?seq=3`);
  const target = tab.locator('[data-testid="message"][data-seq="3"]');
  await expect(target).toBeVisible();
  await expect(target).toContainText(/plan \d+/);
  await expect(target).toHaveAttribute("data-highlighted", "true");
  await tab.screenshot({ path: `${SCREENSHOTS}/phone-deep-link.png` });
  await tab.goBack();
  await expect(tab.getByTestId("chat-list")).toBeVisible();
  expect(new URL(tab.url()).pathname).toBe("/");
  await context.close();
  void page;
});
