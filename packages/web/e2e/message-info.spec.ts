import { expect, test } from "@playwright/test";
import { lastMine, newUser, openChat, send, startDirectChat } from "./helpers.js";
import { apiLogin, apiUser, directChatIdWith, markRead, sendMany } from "./seed.js";

test("WhatsApp formatting in the bubble; plain text in the chat list; unsafe links are text", async ({ browser }) => {
  const ana = await newUser(browser, "Ana");
  const bo = await apiUser("Bo");
  await startDirectChat(ana.page, "Bo", bo.username);
  await send(ana.page, "*bold* _italic_ ~gone~ `code` [click](javascript:alert(1))");
  const body = lastMine(ana.page).getByTestId("message-body");
  await expect(body.locator("strong")).toHaveText("bold");
  await expect(body.locator("em")).toHaveText("italic");
  await expect(body.locator("del")).toHaveText("gone");
  await expect(body.locator("code")).toHaveText("code");
  await expect(body.locator("a")).toHaveCount(0);
  await expect(body.getByTestId("unsafe-link")).toHaveText("click");
  await expect(ana.page.getByTestId("chat-list-item").filter({ hasText: "Bo" })).toContainText(
    "You: bold italic gone code click",
  );
  await send(ana.page, "```\nline one\nline two\n```");
  await expect(lastMine(ana.page).locator("pre code")).toHaveText("line one\nline two");
  await ana.context.close();
});

test("copy and star from the message menu; the starred list jumps to the message", async ({ browser }) => {
  const ana = await newUser(browser, "Ana");
  await ana.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const bo = await apiUser("Bo");
  await startDirectChat(ana.page, "Bo", bo.username);
  const chatId = await directChatIdWith(bo, ana.username);
  await sendMany(bo.token, chatId, 3, "note");
  const target = ana.page.getByTestId("message").filter({ hasText: "note 3" });
  await expect(target).toBeVisible();

  await target.hover();
  await target.getByRole("button", { name: "Message actions" }).click();
  await ana.page.getByRole("menuitem", { name: "Copy" }).click();
  await expect.poll(() => ana.page.evaluate(() => navigator.clipboard.readText())).toBe("note 3");

  await target.hover();
  await target.getByRole("button", { name: "Message actions" }).click();
  await ana.page.getByRole("menuitem", { name: "Star" }).click();
  await expect(target.getByTestId("star-mark")).toBeVisible();

  // Another device of Ana sees the star in its list.
  const page2 = await ana.context.newPage();
  await page2.goto("/");
  await page2.getByRole("button", { name: "Starred messages" }).click();
  await expect(page2.getByTestId("starred-item")).toHaveCount(1);
  await expect(page2.getByTestId("starred-item")).toContainText("note 3");
  await page2.getByTestId("starred-item").click();
  await expect(page2.getByTestId("chat-title")).toHaveText("Bo");
  await expect(page2.getByTestId("message").filter({ hasText: "note 3" })).toBeVisible();

  // Unstar on the first device: the other list empties.
  await target.hover();
  await target.getByRole("button", { name: "Message actions" }).click();
  await ana.page.getByRole("menuitem", { name: "Unstar" }).click();
  // The panel stays open beside the chat it jumped to.
  await expect(page2.getByTestId("starred-item")).toHaveCount(0);
  await ana.context.close();
});

test("message info: delivered, then read, live while open (two browsers)", async ({ browser }) => {
  const ana = await newUser(browser, "Ana");
  const bo = await newUser(browser, "Bo");
  await startDirectChat(ana.page, "Bo", bo.username);
  // Bo is looking at another screen: the message is delivered to his browser but not read.
  await send(ana.page, "did you get this?");
  const mine = lastMine(ana.page);
  await mine.hover();
  await mine.getByRole("button", { name: "Message actions" }).click();
  await ana.page.getByRole("menuitem", { name: "Message info" }).click();
  const info = ana.page.getByTestId("message-info");
  await expect(info.getByTestId("info-delivered")).toContainText("Bo");
  await expect(info.getByTestId("info-read")).toHaveCount(0);

  await openChat(bo.page, "Ana");
  await expect(info.getByTestId("info-read")).toContainText("Bo");
  await expect(info.getByTestId("info-read")).toContainText("Today");
  await ana.context.close();
  await bo.context.close();
});

test("message info in a group: read by N of M", async ({ browser }) => {
  const ana = await newUser(browser, "Ana");
  const [bo, cy] = [await apiUser("Bo"), await apiUser("Cy")];
  const anaApi = await apiLogin(ana.username);
  const group = await anaApi.api.createGroupChat({ name: "Info group", memberIds: [bo.id, cy.id] });
  await ana.page.reload();
  await openChat(ana.page, "Info group");
  await send(ana.page, "group news");
  const mine = lastMine(ana.page);
  await expect(mine).toHaveAttribute("data-seq", /\d+/);
  const seq = Number(await mine.getAttribute("data-seq"));
  await mine.hover();
  await mine.getByRole("button", { name: "Message actions" }).click();
  await ana.page.getByRole("menuitem", { name: "Message info" }).click();
  const info = ana.page.getByTestId("message-info");
  await expect(info.getByTestId("read-by-count")).toHaveText("Read by 0 of 2");
  await markRead(bo.token, group.id, seq);
  await expect(info.getByTestId("read-by-count")).toHaveText("Read by 1 of 2");
  await expect(info.getByTestId("info-read")).toContainText("Bo");
  await expect(info.getByTestId("info-waiting")).toContainText("Cy");
  await ana.context.close();
});

test("a floating day label shows over the list while scrolling", async ({ browser }) => {
  const ana = await newUser(browser, "Ana");
  const bo = await apiUser("Bo");
  await startDirectChat(ana.page, "Bo", bo.username);
  // The empty chat is loaded and Ana is at its bottom, so the messages follow live. Sent while it
  // was still loading, they would be unread at its opening, which opens at the first (scroll 1).
  await expect(ana.page.getByText("No messages yet. Say hello!")).toBeVisible();
  const chatId = await directChatIdWith(bo, ana.username);
  await sendMany(bo.token, chatId, 40, "scroll");
  await expect(ana.page.getByTestId("message").filter({ hasText: "scroll 40" })).toBeVisible();
  const list = ana.page.getByTestId("message-list");
  await list.hover();
  const label = ana.page.getByTestId("floating-day");
  // Scroll up until the list reports scrolling (each wheel is a fresh scroll).
  for (let i = 0; i < 20 && (await label.getAttribute("data-shown")) !== "true"; i++) {
    await ana.page.mouse.wheel(0, -300);
  }
  await expect(label).toHaveAttribute("data-shown", "true");
  await expect(label).toHaveText("Today");
  // It goes away once scrolling stops.
  await expect(label).not.toHaveAttribute("data-shown", "true");
  await ana.context.close();
});
