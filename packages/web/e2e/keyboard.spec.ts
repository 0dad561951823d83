import { expect, type Page, test } from "@playwright/test";
import { lastMine, newUser, SCREENSHOTS } from "./helpers.js";
import { apiUser, sendMany } from "./seed.js";

/** A browser user with two direct chats (Dee listed first, newest), each with a few messages. */
async function userWithTwoChats(browser: import("@playwright/test").Browser) {
  const me = await newUser(browser, "Kim");
  const cal = await apiUser("Cal");
  const dee = await apiUser("Dee");
  const myId = (await cal.api.searchUsers(me.username)).find((u) => u.username === me.username)?.id ?? "";
  const calChat = (await cal.api.createDirectChat(myId)).chat;
  await sendMany(cal.token, calChat.id, 3, "from cal");
  const deeChat = (await dee.api.createDirectChat(myId)).chat;
  await sendMany(dee.token, deeChat.id, 40, "from dee");
  await expect(me.page.getByTestId("chat-list-item")).toHaveCount(2);
  return { ...me, cal, calChat, deeChat };
}

const composer = (page: Page) => page.getByLabel("Type a message");

test("keyboard only: open a chat with Enter, send, edit the last message with Up, switch chats with Alt+↓/↑", async ({
  browser,
}) => {
  const { page, context } = await userWithTwoChats(browser);
  // Tab to the first chat in the list and open it with Enter: the cursor lands in the composer.
  await page.getByLabel("Search chats").focus();
  const first = page.getByTestId("chat-list-item").first();
  await expect(first).toContainText("Dee");
  await page.keyboard.press("Tab");
  await expect(first).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("chat-title")).toHaveText("Dee");
  await expect(composer(page)).toBeFocused();

  await page.keyboard.type("sent by keyboard");
  await page.keyboard.press("Enter");
  await expect(lastMine(page)).toContainText("sent by keyboard");
  await expect(lastMine(page)).toHaveAttribute("data-seq", /\d+/);

  // Up in the empty composer edits my last message.
  await page.keyboard.press("ArrowUp");
  await expect(page.getByTestId("editing-banner")).toBeVisible();
  await expect(composer(page)).toHaveValue("sent by keyboard");
  await page.keyboard.press("End");
  await page.keyboard.type(", edited");
  await page.keyboard.press("Enter");
  await expect(lastMine(page)).toContainText("sent by keyboard, edited");
  await expect(lastMine(page).getByTestId("edited")).toBeVisible();

  // Escape cancels an edit (the innermost thing open), and nothing else.
  await page.keyboard.press("ArrowUp");
  await expect(page.getByTestId("editing-banner")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("editing-banner")).toHaveCount(0);
  await expect(page.getByTestId("chat-title")).toHaveText("Dee");

  // Alt+↓ / Alt+↑: the next and previous chat in the list, with the cursor in its composer.
  await page.keyboard.press("Alt+ArrowDown");
  await expect(page.getByTestId("chat-title")).toHaveText("Cal");
  await expect(composer(page)).toBeFocused();
  await page.keyboard.press("Alt+ArrowUp");
  await expect(page.getByTestId("chat-title")).toHaveText("Dee");
  await context.close();
});

test("keyboard: Ctrl+K searches chats, ? lists the shortcuts, Escape closes the search panel", async ({ browser }) => {
  const { page, context } = await userWithTwoChats(browser);
  await page.getByTestId("chat-list-item").filter({ hasText: "Cal" }).click();
  await expect(composer(page)).toBeFocused();
  await page.keyboard.press("Control+k");
  await expect(page.getByLabel("Search chats")).toBeFocused();
  await page.keyboard.type("de");
  await expect(page.getByTestId("chat-list-item")).toHaveCount(1);
  await page.getByLabel("Search chats").fill("");

  await page.getByTestId("message").last().click();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Alt ↑ / Alt ↓");
  await page.screenshot({ path: `${SCREENSHOTS}/keyboard-shortcuts.png` });
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);

  await page.getByRole("button", { name: "Search in chat" }).click();
  await expect(page.getByTestId("search-panel")).toBeVisible();
  expect(new URL(page.url()).pathname).toMatch(/\/search$/);
  await page.getByTestId("message").last().click();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("search-panel")).toHaveCount(0);
  await context.close();
});

test("desktop: the menu of the last message stays on screen above the composer; Escape and a click outside close it", async ({
  browser,
}) => {
  const { page, context } = await userWithTwoChats(browser);
  await page.getByTestId("chat-list-item").filter({ hasText: "Dee" }).click();
  await composer(page).fill("the last one");
  await composer(page).press("Enter");
  await expect(lastMine(page)).toHaveAttribute("data-seq", /\d+/);

  const trigger = lastMine(page).getByRole("button", { name: "Message actions" });
  await lastMine(page).hover();
  await trigger.click();
  const menu = page.getByRole("menu", { name: "Message actions" });
  await expect(menu).toBeVisible();
  const box = await menu.boundingBox();
  const composerBox = await composer(page).boundingBox();
  if (!box || !composerBox) throw new Error("no box");
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(1280);
  // Flipped up: it ends above the composer instead of under it.
  expect(box.y + box.height).toBeLessThanOrEqual(composerBox.y);
  await page.screenshot({ path: `${SCREENSHOTS}/desktop-last-message-menu.png` });

  // Arrow keys move through the entries; Escape closes and gives focus back to the ⋮ button.
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem").first()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem").nth(1)).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(trigger).toBeFocused();

  // Enter on the focused button opens it again; a click outside closes it.
  await page.keyboard.press("Enter");
  await expect(menu).toBeVisible();
  await page.getByTestId("chat-title").click();
  await expect(menu).toHaveCount(0);

  // The chat's ⋮ menu too.
  await page.getByRole("button", { name: "Chat settings" }).click();
  const settings = page.getByRole("menu", { name: "Chat settings" });
  await expect(settings).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(settings).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Chat settings" })).toBeFocused();
  await context.close();
});

test("desktop: a toast for another chat sits at the bottom of the list pane, over no header, button or composer", async ({
  browser,
}) => {
  const { page, context, cal, calChat } = await userWithTwoChats(browser);
  await page.getByTestId("chat-list-item").filter({ hasText: "Dee" }).click();
  await expect(composer(page)).toBeFocused();
  await sendMany(cal.token, calChat.id, 1, "are you coming");
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: "are you coming" });
  await expect(toast).toBeVisible();
  const box = await toast.boundingBox();
  if (!box) throw new Error("no toast");
  const overlaps = async (target: import("@playwright/test").Locator) => {
    const other = await target.boundingBox();
    if (!other) return false;
    return !(
      box.x + box.width <= other.x ||
      other.x + other.width <= box.x ||
      box.y + box.height <= other.y ||
      other.y + other.height <= box.y
    );
  };
  expect(await overlaps(page.getByTestId("chat-title"))).toBe(false);
  expect(await overlaps(page.getByRole("button", { name: "Log out" }))).toBe(false);
  expect(await overlaps(composer(page))).toBe(false);
  await page.screenshot({ path: `${SCREENSHOTS}/desktop-toast.png` });
  // Opening the chat it is about dismisses it.
  await toast.getByRole("button", { name: "Open" }).click();
  await expect(page.getByTestId("chat-title")).toHaveText("Cal");
  await expect(toast).toHaveCount(0);
  await context.close();
});
