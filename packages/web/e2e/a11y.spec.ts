import { expect, test } from "@playwright/test";
import { seriousViolations } from "./axe.js";
import { newUser, SCREENSHOTS, send } from "./helpers.js";
import { apiUser, sendMany } from "./seed.js";

test("axe: sign-in, list, chat, menus, group info, search and dialogs have no serious or critical violations", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const signIn = await context.newPage();
  await signIn.goto("/");
  await expect(signIn.getByRole("button", { name: "New here? Create an account" })).toBeVisible();
  expect(await seriousViolations(signIn), "sign-in").toEqual([]);
  await context.close();

  const { page, username } = await newUser(browser, "Axel");
  const host = await apiUser("Hana");
  const myId = (await host.api.searchUsers(username)).find((u) => u.username === username)?.id ?? "";
  const group = await host.api.createGroupChat({ name: "Accessible team", memberIds: [myId] });
  await sendMany(host.token, group.id, 5, "hello");
  await expect(page.getByTestId("chat-list-item")).toHaveCount(1);
  expect(await seriousViolations(page), "chat list").toEqual([]);

  await page.getByTestId("chat-list-item").click();
  await expect(page.getByTestId("chat-title")).toHaveText("Accessible team");
  await send(page, "mine");
  await expect(page.locator('[data-testid="message"][data-mine]')).toHaveAttribute("data-seq", /\d+/);
  // Opening a chat reads nothing aloud: its history is not news (nor is my own message).
  await expect(page.getByTestId("incoming-announcer")).toHaveText("");
  expect(await seriousViolations(page), "chat").toEqual([]);

  const mine = page.locator('[data-testid="message"][data-mine]').last();
  await mine.hover();
  await mine.getByRole("button", { name: "Message actions" }).click();
  await expect(page.getByRole("menu", { name: "Message actions" })).toBeVisible();
  expect(await seriousViolations(page), "message menu").toEqual([]);
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "Group info" }).click();
  await expect(page.getByRole("dialog", { name: "Group info" })).toBeVisible();
  expect(await seriousViolations(page), "group info").toEqual([]);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Group info" })).toHaveCount(0);

  await page.getByRole("button", { name: "Search messages" }).click();
  await page.getByRole("searchbox", { name: "Search messages" }).fill("hello");
  await expect(page.getByTestId("search-result").first()).toBeVisible();
  expect(await seriousViolations(page), "search").toEqual([]);
  await page.getByRole("button", { name: "Close search" }).click();

  await page.getByRole("button", { name: "New group" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  expect(await seriousViolations(page), "new group dialog").toEqual([]);
  await page.keyboard.press("Escape");

  await page.getByTestId("message").last().click();
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  expect(await seriousViolations(page), "shortcuts").toEqual([]);
  await page.keyboard.press("Escape");

  // New messages from others are announced politely, once each.
  await sendMany(host.token, group.id, 1, "announced");
  await expect(page.getByTestId("incoming-announcer")).toHaveText("Hana: announced 1");
  await expect(page.getByTestId("incoming-announcer")).toHaveAttribute("aria-live", "polite");
  await page.screenshot({ path: `${SCREENSHOTS}/a11y-chat.png` });
});
