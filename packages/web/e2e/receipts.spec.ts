import { expect, test } from "@playwright/test";
import { lastMine, newUser, openChat, send, startDirectChat } from "./helpers.js";

test("an offline recipient who comes back and only loads the chat list turns the sender's tick to ✓✓", async ({
  browser,
}) => {
  const ann = await newUser(browser, "Ann");
  const dave = await newUser(browser, "Dave");
  // Dave closes the app (his sign-in stays in the browser's cookies).
  await dave.page.close();

  await startDirectChat(ann.page, "Dave", dave.username);
  await send(ann.page, "Ping me when you are back");
  const sent = lastMine(ann.page);
  await expect(sent.locator("[data-tick]")).toHaveAttribute("data-tick", "sent");

  // Dave opens the app again: the chat list loads with the unread badge; he opens no chat.
  const page = await dave.context.newPage();
  await page.goto("/");
  const row = page.getByTestId("chat-list-item").filter({ hasText: "Ann" });
  await expect(row.getByTestId("unread-badge")).toHaveText(/^1/);
  await expect(sent.locator("[data-tick]")).toHaveAttribute("data-tick", "delivered");
  await expect(page.getByTestId("chat-title")).toHaveCount(0);

  // And it stays ✓✓ (not ✓, not read) after Ann reloads.
  await ann.page.reload();
  await openChat(ann.page, "Dave");
  await expect(lastMine(ann.page).locator("[data-tick]")).toHaveAttribute("data-tick", "delivered");
  await ann.context.close();
  await dave.context.close();
});
