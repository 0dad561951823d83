import { expect, test } from "@playwright/test";
import { lastMine, newUser, openChat, SCREENSHOTS, send, startDirectChat } from "./helpers.js";

test("two users: direct chat, typing, ticks from ✓ to blue ✓✓, unread badge, reload keeps session", async ({
  browser,
}) => {
  const ann = await newUser(browser, "Ann");
  const bob = await newUser(browser, "Bob");

  await startDirectChat(ann.page, "Bob", bob.username);
  await send(ann.page, "Hello **Bob**!");
  const first = lastMine(ann.page);
  await expect(first.getByTestId("message-body")).toHaveText("Hello Bob!");
  await expect(first.locator("strong")).toHaveText("Bob");
  await expect(first.locator("[data-tick]")).toHaveAttribute("data-tick", /sent|delivered/);

  // Bob has not opened the chat: it appears with an unread badge, and ✓✓ delivered reaches Ann.
  const bobRow = bob.page.getByTestId("chat-list-item").filter({ hasText: "Ann" });
  await expect(bobRow.getByTestId("unread-badge")).toHaveText(/^1/);
  await expect(first.locator("[data-tick]")).toHaveAttribute("data-tick", "delivered");
  await expect(bob.page).toHaveTitle(/^\(1\) /);
  await bob.page.screenshot({ path: `${SCREENSHOTS}/chat-list-unread.png` });

  // Bob opens it: the message is seen, the badge clears and Ann's ticks turn blue.
  await openChat(bob.page, "Ann");
  await expect(bob.page.getByTestId("message").last()).toContainText("Hello Bob!");
  await expect(bobRow.getByTestId("unread-badge")).toHaveCount(0);
  await expect(first.locator("[data-tick]")).toHaveAttribute("data-tick", "read");
  await expect(bob.page).toHaveTitle(/^Team chat$/);

  // Typing shows in Ann's header, then Bob's reply arrives.
  await bob.page.getByLabel("Type a message").pressSequentially("On my way", { delay: 20 });
  await expect(ann.page.getByTestId("chat-status")).toHaveText("typing…");
  await bob.page.getByLabel("Type a message").press("Enter");
  await expect(ann.page.getByTestId("message").last()).toContainText("On my way");
  await expect(ann.page.getByTestId("chat-status")).not.toHaveText("typing…");

  // Shift+Enter makes a new line instead of sending.
  const box = ann.page.getByLabel("Type a message");
  await box.fill("line one");
  await box.press("Shift+Enter");
  await box.pressSequentially("line two");
  await box.press("Enter");
  await expect(lastMine(ann.page).getByTestId("message-body")).toContainText("line one");
  await expect(lastMine(ann.page).getByTestId("message-body")).toContainText("line two");
  await ann.page.screenshot({ path: `${SCREENSHOTS}/direct-chat.png` });

  // A reload keeps the session (refresh cookie) and the history.
  await ann.page.reload();
  await expect(ann.page.getByTestId("my-name")).toHaveText("Ann");
  await openChat(ann.page, "Bob");
  await expect(ann.page.getByTestId("message")).toHaveCount(3);

  await ann.context.close();
  await bob.context.close();
});

test("wrong password shows a clear error", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Username").fill("nobody-here");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong username or password.");
  await page.screenshot({ path: `${SCREENSHOTS}/sign-in-error.png` });
});

test("HTML and javascript: links in messages are inert", async ({ browser }) => {
  const eve = await newUser(browser, "Eve");
  const tom = await newUser(browser, "Tom");
  await startDirectChat(eve.page, "Tom", tom.username);
  let dialogs = 0;
  tom.page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  await tom.page.addInitScript(() => {
    (window as unknown as { pwned: boolean }).pwned = false;
  });
  await send(eve.page, '<img src=x onerror="window.pwned=true;alert(1)"> and [click me](javascript:window.pwned=true)');
  await openChat(tom.page, "Eve");
  const body = tom.page.getByTestId("message").last().getByTestId("message-body");
  await expect(body).toContainText("click me");
  await expect(body.locator("img")).toHaveCount(0);
  // Not an anchor at all (not even a blanked one that still looks like a link): plain text.
  await expect(body.locator("a")).toHaveCount(0);
  await body.getByText("click me").click();
  expect(await tom.page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned ?? false)).toBe(false);
  expect(dialogs).toBe(0);
  await eve.context.close();
  await tom.context.close();
});
