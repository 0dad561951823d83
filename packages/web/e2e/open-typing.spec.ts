import { type Browser, expect, type Page, test } from "@playwright/test";
import { newUser } from "./helpers.js";
import { apiUser, sendMany } from "./seed.js";

/**
 * Typing while a chat opens (issue 15 renders the message list in a transition after the click):
 * the keys and a fill right after the click or the shortcut go to the composer of the chat just
 * chosen, once, and nothing typed lands in the chat being left. The page's CPU is slowed 4×
 * (DevTools' "4× slowdown") so the window between the click and the chat's render is as wide as on
 * a mid-range phone, or a busy CI machine.
 */
async function userWithTwoChats(browser: Browser) {
  const me = await newUser(browser, "Tia");
  const cal = await apiUser("Cal");
  const dee = await apiUser("Dee");
  const myId = (await cal.api.searchUsers(me.username)).find((u) => u.username === me.username)?.id ?? "";
  const calChat = (await cal.api.createDirectChat(myId)).chat;
  await sendMany(cal.token, calChat.id, 30, "from cal");
  const deeChat = (await dee.api.createDirectChat(myId)).chat;
  await sendMany(dee.token, deeChat.id, 30, "from dee");
  await expect(me.page.getByTestId("chat-list-item")).toHaveCount(2);
  const cdp = await me.page.context().newCDPSession(me.page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  return me;
}

const composer = (page: Page) => page.getByLabel("Type a message");
const item = (page: Page, name: string) => page.getByTestId("chat-list-item").filter({ hasText: name });

test("typing right after a click on a chat goes to that chat's composer, once", async ({ browser }) => {
  const { page, context } = await userWithTwoChats(browser);
  await item(page, "Dee").click();
  await page.keyboard.type("hi dee");
  await expect(page.getByTestId("chat-title")).toHaveText("Dee");
  await expect(composer(page)).toHaveValue("hi dee");

  // A fill right after the click: the composer found is the new chat's, not the one being left.
  await item(page, "Cal").click();
  await composer(page).fill("hi cal");
  await expect(page.getByTestId("chat-title")).toHaveText("Cal");
  await expect(composer(page)).toHaveValue("hi cal");
  // Whatever was typed is sent to Cal, as typed.
  await composer(page).press("Enter");
  const mine = page.locator('[data-testid="message"][data-mine]');
  await expect(mine).toHaveCount(1);
  await expect(mine.getByTestId("message-body")).toHaveText("hi cal");
  await expect(composer(page)).toHaveValue("");
  await context.close();
});

test("switching chats fast by keyboard: every key lands in the chat open at the time, nothing doubled or lost", async ({
  browser,
}) => {
  const { page, context } = await userWithTwoChats(browser);
  await item(page, "Dee").click();
  await expect(composer(page)).toBeFocused();
  await page.keyboard.type("draft for dee");
  // Alt+↓ opens Cal and the keys right after it are Cal's; a quick Alt+↑ back to Dee, type again.
  await page.keyboard.press("Alt+ArrowDown");
  await page.keyboard.type("for cal");
  await page.keyboard.press("Alt+ArrowUp");
  await page.keyboard.type("back to dee");
  await expect(page.getByTestId("chat-title")).toHaveText("Dee");
  await expect(composer(page)).toBeFocused();
  // Dee's composer holds what was typed after coming back, once (and, were unsent text kept per
  // chat, Dee's own draft before it); nothing typed in Cal leaked into it.
  await expect(composer(page)).toHaveValue(/^(draft for dee)?back to dee$/);
  await page.keyboard.press("Enter");
  const mine = page.locator('[data-testid="message"][data-mine]');
  await expect(mine.getByTestId("message-body")).toHaveText(["back to dee"]);

  // Several switches in a row, typing between them, end in the last chat with its own text only.
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Alt+ArrowDown");
    await page.keyboard.type(`c${i}`);
    await page.keyboard.press("Alt+ArrowUp");
    await page.keyboard.type(`d${i}`);
  }
  await expect(page.getByTestId("chat-title")).toHaveText("Dee");
  await expect(composer(page)).toHaveValue(/^(d0d1)?d2$/);
  await page.keyboard.press("Alt+ArrowDown");
  await expect(page.getByTestId("chat-title")).toHaveText("Cal");
  await expect(composer(page)).toHaveValue(/^(for cal)?(c0c1c2)?$/);
  await expect(page.locator('[data-testid="message"][data-mine]')).toHaveCount(0);
  await context.close();
});
