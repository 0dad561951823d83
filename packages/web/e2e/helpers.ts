import { type Browser, expect, type Page } from "@playwright/test";

export const SCREENSHOTS = "test-results/screenshots";
export const PASSWORD = "correct horse battery";

export function uniqueName(base: string) {
  return `${base}${Math.random().toString(36).slice(2, 7)}`;
}

/** A fresh browser context (its own cookies and storage) with a newly registered user. */
export async function newUser(browser: Browser, displayName: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const username = uniqueName(displayName.toLowerCase().replace(/[^a-z0-9]/g, ""));
  await page.goto("/");
  await page.getByRole("button", { name: "New here? Create an account" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Your name").fill(displayName);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("my-name")).toHaveText(displayName);
  return { context, page, username, displayName };
}

export async function startDirectChat(page: Page, otherDisplayName: string, otherUsername: string) {
  await page.getByRole("button", { name: "New chat" }).click();
  await page.getByLabel("Search people").fill(otherUsername);
  await page.getByRole("button", { name: new RegExp(`@${otherUsername}\\b`) }).click();
  await expect(page.getByTestId("chat-title")).toHaveText(otherDisplayName);
}

export async function openChat(page: Page, title: string) {
  await page.getByTestId("chat-list-item").filter({ hasText: title }).click();
  await expect(page.getByTestId("chat-title")).toHaveText(title);
}

export async function send(page: Page, text: string) {
  const box = page.getByLabel("Type a message");
  await box.fill(text);
  await box.press("Enter");
}

export function lastMine(page: Page) {
  return page.locator('[data-testid="message"][data-mine]').last();
}
