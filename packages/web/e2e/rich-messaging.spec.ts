import { type Browser, expect, type Page, test } from "@playwright/test";
import { lastMine, newUser, openChat, SCREENSHOTS, send, startDirectChat } from "./helpers.js";

async function createGroup(page: Page, name: string, members: string[]) {
  await page.getByRole("button", { name: "New group" }).click();
  await page.getByLabel("Group name").fill(name);
  for (const username of members) {
    await page.getByLabel("Search people").fill(username);
    await page.getByRole("button", { name: new RegExp(username) }).click();
  }
  await page.getByRole("button", { name: /Create group/ }).click();
  await expect(page.getByTestId("chat-title")).toHaveText(name);
}

async function messageMenu(page: Page, message: ReturnType<Page["locator"]>, item: string) {
  await message.hover();
  await message.getByRole("button", { name: "Message actions" }).click();
  await page.getByRole("menuitem", { name: item }).click();
}

async function pair(browser: Browser) {
  const ana = await newUser(browser, "Ana");
  const bo = await newUser(browser, "Bo Lee");
  return { ana, bo };
}

test("@ autocomplete by keyboard, highlighted mention, @ badge and a toast even when muted", async ({ browser }) => {
  const { ana, bo } = await pair(browser);
  const cy = await newUser(browser, "Cy");
  await createGroup(ana.page, "Mentions", [bo.username, cy.username]);
  await send(ana.page, "hello all");
  // Bo mutes the group and looks at another chat.
  await openChat(bo.page, "Mentions");
  await bo.page.getByRole("button", { name: "Chat settings" }).click();
  await bo.page.getByRole("menuitem", { name: "Mute always" }).click();
  await startDirectChat(bo.page, "Cy", cy.username);

  const box = ana.page.getByLabel("Type a message");
  await box.fill("ping ");
  await box.pressSequentially("@l");
  const list = ana.page.getByRole("listbox", { name: "Mention someone" });
  await expect(list.getByRole("option")).toHaveText([/Bo Lee/]);
  await box.press("Backspace");
  await expect(list.getByRole("option")).toHaveCount(2);
  await box.press("ArrowDown");
  await expect(list.getByRole("option", { selected: true })).toContainText("Cy");
  await box.press("ArrowUp");
  await expect(list.getByRole("option", { selected: true })).toContainText("Bo Lee");
  await box.press("Enter");
  await expect(box).toHaveValue("ping @Bo Lee ");
  await expect(list).toHaveCount(0);
  await box.pressSequentially("can you <b>check</b>?");
  await box.press("Enter");

  const mention = lastMine(ana.page).getByTestId("mention");
  await expect(mention).toHaveText("@Bo Lee");
  // HTML typed in the text never becomes markup: it shows as the text it is.
  await expect(lastMine(ana.page).getByTestId("message-body")).toContainText("can you <b>check</b>?");
  await expect(lastMine(ana.page).getByTestId("message-body").locator("b")).toHaveCount(0);

  // Bo: a toast although the chat is muted, and the @ badge in the list until it is read.
  await expect(bo.page.getByText("Ana @ Mentions mentioned you")).toBeVisible();
  const row = bo.page.getByTestId("chat-list-item").filter({ hasText: "Mentions" });
  await expect(row.getByTestId("mention-badge")).toHaveText(/@/);
  await expect(row.getByTestId("unread-badge")).toContainText("1");
  await bo.page.screenshot({ path: `${SCREENSHOTS}/mention-badge.png` });
  await openChat(bo.page, "Mentions");
  await expect(bo.page.getByTestId("message").last().getByTestId("mention")).toHaveText("@Bo Lee");
  await expect(row.getByTestId("mention-badge")).toHaveCount(0);
  await expect(row.getByTestId("unread-badge")).toHaveCount(0);

  // Ana edits the text around the mention: it stays a mention; an edit without "@Bo Lee" drops it.
  const editTo = async (text: string) => {
    await messageMenu(ana.page, lastMine(ana.page), "Edit");
    await box.fill(text);
    await box.press("Enter");
  };
  await editTo("ping @Bo Lee can you check now?");
  const bosView = bo.page.getByTestId("message").last();
  await expect(bosView).toContainText("can you check now?");
  await expect(bosView.getByTestId("mention")).toHaveText("@Bo Lee");
  await editTo("never mind, sorted");
  await expect(bosView).toContainText("never mind, sorted");
  await expect(bosView.getByTestId("mention")).toHaveCount(0);
  for (const u of [ana, bo, cy]) await u.context.close();
});

test("forward a message to two chats: marked Forwarded on both sides", async ({ browser }) => {
  const { ana, bo } = await pair(browser);
  const cy = await newUser(browser, "Cy");
  await startDirectChat(ana.page, "Cy", cy.username);
  await send(ana.page, "hi Cy");
  await startDirectChat(ana.page, "Bo Lee", bo.username);
  await send(ana.page, "hi Bo");
  await openChat(bo.page, "Ana");
  await bo.page.getByLabel("Type a message").fill("the code is 4711");
  await bo.page.getByLabel("Type a message").press("Enter");

  const original = ana.page.getByTestId("message").filter({ hasText: "the code is 4711" });
  await messageMenu(ana.page, original, "Forward");
  const dialog = ana.page.getByRole("dialog", { name: "Forward message to…" });
  await dialog.getByRole("checkbox").first().waitFor();
  await dialog.getByText("Cy", { exact: true }).click();
  await dialog.getByText("Bo Lee", { exact: true }).click();
  await dialog.getByRole("button", { name: "Forward" }).click();
  await expect(dialog).toHaveCount(0);

  // In the chat with Bo (open): a forwarded copy sent by Ana.
  const copy = lastMine(ana.page);
  await expect(copy).toContainText("the code is 4711");
  await expect(copy.getByTestId("forwarded")).toHaveText("Forwarded");
  await expect(bo.page.getByTestId("message").last().getByTestId("forwarded")).toBeVisible();
  await openChat(cy.page, "Ana");
  const atCy = cy.page.getByTestId("message").last();
  await expect(atCy).toContainText("the code is 4711");
  await expect(atCy.getByTestId("forwarded")).toBeVisible();
  await cy.page.screenshot({ path: `${SCREENSHOTS}/forwarded.png` });
  for (const u of [ana, bo, cy]) await u.context.close();
});

test("edit history: clicking 'edited' lists every version", async ({ browser }) => {
  const { ana, bo } = await pair(browser);
  await startDirectChat(ana.page, "Bo Lee", bo.username);
  await send(ana.page, "meet at 9");
  for (const body of ["meet at 10", "meet at 10:30"]) {
    await messageMenu(ana.page, lastMine(ana.page), "Edit");
    const box = ana.page.getByLabel("Type a message");
    await box.fill(body);
    await box.press("Enter");
    await expect(lastMine(ana.page).getByTestId("message-body")).toHaveText(body);
  }
  await openChat(bo.page, "Ana");
  const atBo = bo.page.getByTestId("message").last();
  await atBo.getByTestId("edited").click();
  const versions = bo.page.getByRole("dialog", { name: "Edit history" }).getByTestId("edit-version");
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(0)).toContainText("meet at 9");
  await expect(versions.nth(1)).toContainText("meet at 10");
  await expect(versions.nth(2)).toContainText("meet at 10:30");
  await expect(versions.nth(2)).toContainText("Current");
  await bo.page.screenshot({ path: `${SCREENSHOTS}/edit-history.png` });
  for (const u of [ana, bo]) await u.context.close();
});

test("delete for me: gone in both my tabs and after a reload, still there for the other person", async ({
  browser,
}) => {
  const { ana, bo } = await pair(browser);
  await startDirectChat(ana.page, "Bo Lee", bo.username);
  await send(ana.page, "keep this");
  await send(ana.page, "oops wrong chat");
  const tab2 = await ana.context.newPage();
  await tab2.goto("/");
  await openChat(tab2, "Bo Lee");
  await expect(tab2.getByTestId("message").last()).toContainText("oops wrong chat");

  ana.page.once("dialog", (d) => void d.accept());
  await messageMenu(ana.page, lastMine(ana.page), "Delete for me");
  await expect(ana.page.getByTestId("message").filter({ hasText: "oops wrong chat" })).toHaveCount(0);
  await expect(tab2.getByTestId("message").filter({ hasText: "oops wrong chat" })).toHaveCount(0);
  await expect(tab2.getByTestId("message").last()).toContainText("keep this");
  // The chat's preview falls back to the previous message (not "Say hello"), in both tabs.
  const rowIn = (page: Page) => page.getByTestId("chat-list-item").filter({ hasText: "Bo Lee" });
  for (const page of [ana.page, tab2]) {
    await expect(rowIn(page)).toContainText("keep this");
    await expect(rowIn(page)).not.toContainText("Say hello");
  }
  await tab2.reload();
  await expect(rowIn(tab2)).toContainText("keep this");
  await openChat(tab2, "Bo Lee");
  await expect(tab2.getByTestId("message").last()).toContainText("keep this");
  await expect(tab2.getByTestId("message").filter({ hasText: "oops wrong chat" })).toHaveCount(0);

  await expect(bo.page.getByTestId("chat-list-item").filter({ hasText: "Ana" })).toContainText("oops wrong chat");
  await openChat(bo.page, "Ana");
  await expect(bo.page.getByTestId("message").last()).toContainText("oops wrong chat");
  for (const u of [ana, bo]) await u.context.close();
});

test("disappearing messages: the timer's system message, then the message disappears on both sides", async ({
  browser,
}) => {
  // The e2e server runs with DISAPPEARING_TEST_SECONDS (every timer lasts a few seconds).
  const { ana, bo } = await pair(browser);
  await startDirectChat(ana.page, "Bo Lee", bo.username);
  await send(ana.page, "before the timer");
  await ana.page.getByRole("button", { name: "Chat settings" }).click();
  await ana.page.getByLabel("Disappearing messages").selectOption("86400");
  await expect(ana.page.getByTestId("system-message").last()).toContainText(
    "Ana turned on disappearing messages: new messages disappear after 24 hours",
  );
  await send(ana.page, "this will vanish");
  await openChat(bo.page, "Ana");
  const atBo = bo.page.getByTestId("message").filter({ hasText: "this will vanish" });
  await expect(atBo.getByLabel("Disappearing message")).toBeVisible();

  await expect(bo.page.getByTestId("message-body").filter({ hasText: "This message disappeared" })).toHaveCount(1, {
    timeout: 30_000,
  });
  await expect(lastMine(ana.page).getByTestId("message-body")).toHaveText("This message disappeared", {
    timeout: 30_000,
  });
  await expect(bo.page.getByText("this will vanish")).toHaveCount(0);
  await expect(bo.page.getByTestId("message").filter({ hasText: "before the timer" })).toHaveCount(1);
  await bo.page.screenshot({ path: `${SCREENSHOTS}/disappeared.png` });
  for (const u of [ana, bo]) await u.context.close();
});
