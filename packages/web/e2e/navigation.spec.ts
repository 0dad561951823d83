import { expect, type Locator, type Page, test } from "@playwright/test";
import { newUser, openChat, SCREENSHOTS, send, startDirectChat } from "./helpers.js";
import { apiLogin, apiUser, directChatIdWith, markRead, pinMessage, sendMany, sendReply } from "./seed.js";

type Peer = Awaited<ReturnType<typeof apiUser>>;

/**
 * A direct chat between a browser user and an API user (named `peer`), filled by `fill`, all of
 * it read by the browser user (on "another device"), so the chat opens at its newest messages.
 */
async function chatWithHistory(
  browser: import("@playwright/test").Browser,
  peer: string,
  fill: (carol: Peer, chatId: string) => Promise<void>,
) {
  const ana = await newUser(browser, "Ana");
  const carol = await apiUser(peer);
  await startDirectChat(ana.page, peer, carol.username);
  const chat = { id: await directChatIdWith(carol, ana.username) };
  await fill(carol, chat.id);
  const anaApi = await apiLogin(ana.username);
  const lastSeq = (await anaApi.api.history(chat.id, { limit: 1 })).lastSeq;
  await markRead(anaApi.token, chat.id, lastSeq);
  // Back at the list address: a reload at /chats/:id would open the chat from the cache, before
  // the catch-up says that everything was read meanwhile.
  await ana.page.goto("/");
  await expect(ana.page.getByTestId("my-name")).toHaveText("Ana");
  // The cached list shows first; wait for the server's (everything read) before opening.
  const item = ana.page.getByTestId("chat-list-item").filter({ hasText: peer });
  await expect(item).toBeVisible();
  await expect(item.getByTestId("unread-badge")).toHaveCount(0);
  return { ana, carol, chatId: chat.id };
}

const bySeq = (page: Page, seq: number) => page.locator(`[data-testid="message"][data-seq="${seq}"]`);

/** The element's top, once it has stopped moving (two equal reads 300 ms apart). */
async function settledTop(locator: Locator): Promise<number> {
  let last = Number.NaN;
  for (let i = 0; i < 20; i++) {
    const top = (await locator.boundingBox())?.y ?? Number.NaN;
    if (Math.abs(top - last) < 1) return top;
    last = top;
    await locator.page().waitForTimeout(300);
  }
  return last;
}

/** No jump artifacts: the message stays where it is while the pages around it load. */
async function expectSteady(locator: Locator) {
  const top = await settledTop(locator);
  await locator.page().waitForTimeout(1_500);
  const later = (await locator.boundingBox())?.y ?? Number.NaN;
  expect(Math.abs(later - top)).toBeLessThan(2);
}

test("reply, then click the quote: jumps to the old original (not loaded before) and highlights it", async ({
  browser,
}) => {
  const { ana, carol, chatId } = await chatWithHistory(browser, "Carol", async (carol, chatId) => {
    await sendMany(carol.token, chatId, 150, "old");
    const original = (await carol.api.history(chatId, { around: 1, limit: 1 })).messages[0];
    if (!original) throw new Error("no original");
    await sendReply(carol.token, chatId, "answering the very first one", original.id);
  });
  await openChat(ana.page, "Carol");
  const reply = ana.page.getByTestId("message").filter({ hasText: "answering the very first one" });
  await expect(reply.getByTestId("reply-quote")).toContainText("old 1");
  await expect(reply.getByTestId("reply-quote")).toContainText("Carol");
  await expect(bySeq(ana.page, 1)).toHaveCount(0); // far above the newest page

  await reply.getByTestId("reply-quote").click();
  const target = bySeq(ana.page, 1);
  await expect(target).toBeVisible();
  await expect(target).toHaveAttribute("data-highlighted", "true");
  await expect(target).toContainText("old 1");
  await expect(bySeq(ana.page, 2)).toBeVisible(); // context after it
  await expectSteady(target);
  await ana.page.screenshot({ path: `${SCREENSHOTS}/reply-jump.png` });
  await expect(target).not.toHaveAttribute("data-highlighted", "true", { timeout: 10_000 });

  // Back to the newest messages with ↓, then answer with the message menu and the composer.
  await ana.page.getByRole("button", { name: /scroll to bottom/i }).click();
  await expect(reply).toBeVisible();
  await reply.hover();
  await reply.getByRole("button", { name: "Message actions" }).click();
  await ana.page.getByRole("menuitem", { name: "Reply" }).click();
  await expect(ana.page.getByTestId("reply-banner")).toContainText("answering the very first one");
  await send(ana.page, "got it");
  await expect(ana.page.getByTestId("reply-banner")).toHaveCount(0);
  const mine = ana.page.locator('[data-testid="message"][data-mine]').filter({ hasText: "got it" });
  await expect(mine.getByTestId("reply-quote")).toContainText("answering the very first one");
  const stored = (await carol.api.history(chatId, { limit: 1 })).messages[0];
  expect(stored?.replyTo?.body).toBe("answering the very first one");
  await ana.context.close();
});

test("a pin shows in the bar (live) and the bar jumps to the pinned message", async ({ browser }) => {
  const { ana, carol, chatId } = await chatWithHistory(browser, "Cleo", (cleo, chatId) =>
    sendMany(cleo.token, chatId, 120, "old"),
  );
  await openChat(ana.page, "Cleo");
  await expect(ana.page.getByTestId("message").last()).toContainText("old 120");

  const fifth = (await carol.api.history(chatId, { around: 5, limit: 1 })).messages[0];
  if (!fifth) throw new Error("no message 5");
  await pinMessage(carol.token, chatId, fifth.id);
  const bar = ana.page.getByTestId("pinned-bar");
  await expect(bar).toContainText("old 5");
  await expect(ana.page.getByTestId("system-message").last()).toContainText("Cleo pinned a message");

  await bar.click();
  const target = bySeq(ana.page, 5);
  await expect(target).toBeVisible();
  await expect(target).toHaveAttribute("data-highlighted", "true");
  await expectSteady(target);

  // Ana pins another one from the menu: the bar cycles through both, newest pin first.
  const seventh = bySeq(ana.page, 7);
  await seventh.hover();
  await seventh.getByRole("button", { name: "Message actions" }).click();
  await ana.page.getByRole("menuitem", { name: "Pin" }).click();
  await expect(bar).toContainText("Pinned message #1");
  await expect(bar).toContainText("old 7");
  await bar.click();
  await expect(bar).toContainText("old 5");
  await ana.page.screenshot({ path: `${SCREENSHOTS}/pinned-bar.png` });
  await ana.context.close();
});

test("search → click a result: the chat opens at that message with context, steady", async ({ browser }) => {
  const { ana } = await chatWithHistory(browser, "Cora", async (cora, chatId) => {
    await sendMany(cora.token, chatId, 30, "filler");
    await sendMany(cora.token, chatId, 1, "the wonderful needle in the haystack");
    await sendMany(cora.token, chatId, 150, "later");
  });
  await ana.page.getByRole("button", { name: "Search messages" }).click();
  await ana.page.getByRole("searchbox", { name: "Search messages" }).fill("wonderf");
  const result = ana.page.getByTestId("search-result").first();
  await expect(result).toContainText("the wonderful needle in the haystack");
  await expect(result.locator("mark")).toHaveText("wonderf");
  // Pathological input answers with a message, never an error page.
  await ana.page.getByRole("searchbox", { name: "Search messages" }).fill('"((((\\%_ from: before:9999-99-99 <script>');
  await expect(ana.page.getByTestId("search-panel")).toContainText(/No messages found|Search failed/);
  await ana.page.getByRole("searchbox", { name: "Search messages" }).fill("wonderf");
  await expect(result).toContainText("needle");
  await result.click();

  await expect(ana.page.getByTestId("chat-title")).toHaveText("Cora");
  const target = bySeq(ana.page, 31);
  await expect(target).toBeVisible();
  await expect(target).toHaveAttribute("data-highlighted", "true");
  await expect(bySeq(ana.page, 30)).toBeVisible();
  await expect(bySeq(ana.page, 32)).toBeVisible();
  await expectSteady(target);
  // Scrolling down past the window's end loads the next messages and stays where it was.
  await expect(bySeq(ana.page, 181)).toHaveCount(0);
  const list = ana.page.getByTestId("message-list");
  await list.hover();
  // Each wheel gives the next page time to arrive (a busy machine answers slowly).
  for (let i = 0; i < 60 && (await bySeq(ana.page, 57).count()) === 0; i++) {
    await ana.page.mouse.wheel(0, 400);
    await ana.page.waitForTimeout(150);
  }
  await expect(bySeq(ana.page, 57)).toBeVisible();
  await expect(bySeq(ana.page, 181)).not.toBeInViewport();
  // The newest messages: ↓ brings them.
  await ana.page.getByRole("button", { name: /scroll to bottom/i }).click();
  await expect(bySeq(ana.page, 181)).toBeVisible();
  await ana.page.screenshot({ path: `${SCREENSHOTS}/search-jump.png` });
  await ana.context.close();
});
