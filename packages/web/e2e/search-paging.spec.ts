import { expect, test } from "@playwright/test";
import { newUser, openChat, startDirectChat } from "./helpers.js";
import { apiLogin, apiUser, directChatIdWith, markRead, sendMany } from "./seed.js";

test("search: newest first with chat, sender, date and a plain snippet; more pages as I scroll; k of N in a chat", async ({
  browser,
}) => {
  const ana = await newUser(browser, "Ana");
  const bo = await apiUser("Bo");
  await startDirectChat(ana.page, "Bo", bo.username);
  const chatId = await directChatIdWith(bo, ana.username);
  await sendMany(bo.token, chatId, 70, "*batch* spiked, number");
  const anaApi = await apiLogin(ana.username);
  await markRead(anaApi.token, chatId, 70);

  await ana.page.getByRole("button", { name: "Search messages" }).click();
  await ana.page.getByRole("searchbox", { name: "Search messages" }).fill("batch");
  const results = ana.page.getByTestId("search-result");
  await expect(results).toHaveCount(50);
  const first = results.first();
  await expect(first.getByTestId("search-result-chat")).toHaveText("Bo");
  await expect(first).toContainText("batch spiked, number 70");
  await expect(first).not.toContainText("*");
  await expect(first.locator("mark")).toHaveText("batch");
  await expect(first.locator("time")).toBeVisible();
  // Scrolling to the end loads the next page.
  await ana.page.getByTestId("search-results").evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(results).toHaveCount(70);
  await expect(results.last()).toContainText("number 1");
  await ana.page.getByRole("button", { name: "Close search" }).click();

  // In the chat: "k of N", up goes to older matches and opens each in the chat.
  await openChat(ana.page, "Bo");
  await ana.page.getByRole("button", { name: "Search in chat" }).click();
  await ana.page.getByRole("searchbox", { name: "Search in this chat" }).fill("batch");
  const count = ana.page.getByTestId("match-count");
  await expect(count).toHaveText("70 matches");
  await ana.page.getByRole("button", { name: "Older match" }).click();
  await expect(count).toHaveText("1 of 70");
  await ana.page.getByRole("button", { name: "Older match" }).click();
  await expect(count).toHaveText("2 of 70");
  await expect(ana.page.locator('[data-testid="message"][data-seq="69"]')).toHaveAttribute("data-highlighted", "true");
  await ana.page.getByRole("button", { name: "Newer match" }).click();
  await expect(count).toHaveText("1 of 70");
  // The keyboard does the same from the search box.
  const box = ana.page.getByRole("searchbox", { name: "Search in this chat" });
  await box.press("ArrowUp");
  await expect(count).toHaveText("2 of 70");
  await box.press("ArrowDown");
  await expect(count).toHaveText("1 of 70");
  await ana.context.close();
});
