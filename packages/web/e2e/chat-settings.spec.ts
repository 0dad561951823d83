import { expect, test } from "@playwright/test";
import { newUser, SCREENSHOTS } from "./helpers.js";
import { apiUser } from "./seed.js";

test("pin, mute and archive a chat: applied at once in my other tab too", async ({ browser }) => {
  const me = await newUser(browser, "Pia");
  const [first, second] = [await apiUser("Quinn"), await apiUser("Rex")];
  const myId = (await first.api.searchUsers(me.username)).find((u) => u.username === me.username)?.id ?? "";
  await first.api.createDirectChat(myId);
  await second.api.createDirectChat(myId); // newest: listed first
  const tab2 = await me.context.newPage();
  await tab2.goto("/");
  const rows = (page: typeof tab2) => page.getByTestId("chat-list-item");
  await expect(rows(me.page)).toHaveText([/Rex/, /Quinn/]);

  await rows(me.page).filter({ hasText: "Quinn" }).click();
  await me.page.getByRole("button", { name: "Chat settings" }).click();
  await me.page.getByRole("menuitem", { name: "Pin chat" }).click();
  for (const page of [me.page, tab2]) await expect(rows(page)).toHaveText([/Quinn/, /Rex/]);

  await me.page.getByRole("button", { name: "Chat settings" }).click();
  await me.page.getByRole("menuitem", { name: "Mute for 8 hours" }).click();
  await expect(rows(tab2).filter({ hasText: "Quinn" }).getByLabel("Muted")).toBeVisible();

  await me.page.getByRole("button", { name: "Chat settings" }).click();
  await me.page.getByRole("menuitem", { name: "Archive chat" }).click();
  for (const page of [me.page, tab2]) {
    await expect(rows(page)).toHaveText([/Rex/]);
    await expect(page.getByRole("button", { name: "Archived (1)" })).toBeVisible();
  }
  await tab2.getByRole("button", { name: "Archived (1)" }).click();
  await expect(rows(tab2)).toHaveText([/Quinn/]);
  await tab2.screenshot({ path: `${SCREENSHOTS}/archived-chats.png` });
  await me.context.close();
});
