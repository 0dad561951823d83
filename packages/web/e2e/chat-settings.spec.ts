import { expect, test } from "@playwright/test";
import { newUser, SCREENSHOTS } from "./helpers.js";
import { apiUser, sendMany } from "./seed.js";

test("pin, mute and archive a chat: applied at once in my other tab too", async ({ browser }) => {
  const me = await newUser(browser, "Pia");
  const [first, second] = [await apiUser("Quinn"), await apiUser("Rex")];
  const myId = (await first.api.searchUsers(me.username)).find((u) => u.username === me.username)?.id ?? "";
  // A direct chat reaches my list with its first message.
  await sendMany(first.token, (await first.api.createDirectChat(myId)).chat.id, 1, "hi");
  await sendMany(second.token, (await second.api.createDirectChat(myId)).chat.id, 1, "hi"); // newest: listed first
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
  // The muted and pinned icons sit together at the right edge of the row, not mid-line.
  const quinn = rows(me.page).filter({ hasText: "Quinn" });
  const [row, muted, pinned] = await Promise.all(
    [quinn, quinn.getByLabel("Muted"), quinn.getByLabel("Pinned")].map((l) => l.boundingBox()),
  );
  if (!row || !muted || !pinned) throw new Error("no boxes");
  expect(row.x + row.width - (pinned.x + pinned.width)).toBeLessThan(20);
  expect(pinned.x - (muted.x + muted.width)).toBeLessThan(12);

  await me.page.getByRole("button", { name: "Chat settings" }).click();
  await me.page.getByRole("menuitem", { name: "Archive chat" }).click();
  for (const page of [me.page, tab2]) {
    await expect(rows(page)).toHaveText([/Rex/]);
    await expect(page.getByRole("button", { name: "Archived (1)" })).toBeVisible();
  }
  await tab2.getByRole("button", { name: "Archived (1)" }).click();
  await expect(rows(tab2)).toHaveText([/Quinn/]);
  await tab2.screenshot({ path: `${SCREENSHOTS}/archived-chats.png` });
  // Unarchived on the other tab: the archive view says so, not "No chats yet".
  await me.page.getByRole("button", { name: "Chat settings" }).click();
  await me.page.getByRole("menuitem", { name: "Unarchive chat" }).click();
  await expect(rows(tab2)).toHaveCount(0);
  await expect(tab2.getByTestId("chat-list")).toContainText("No archived chats.");
  await me.context.close();
});

test("block from the chat menu: the composer gives way to a note; the other side's send is acknowledged but never shown", async ({
  browser,
}) => {
  const me = await newUser(browser, "Sol");
  const pest = await apiUser("Tod");
  const myId = (await pest.api.searchUsers(me.username)).find((u) => u.username === me.username)?.id ?? "";
  const { chat } = await pest.api.createDirectChat(myId);
  await sendMany(pest.token, chat.id, 1, "hi");
  await me.page.getByTestId("chat-list-item").filter({ hasText: "Tod" }).click();
  await me.page.getByRole("button", { name: "Chat settings" }).click();
  await me.page.getByRole("menuitem", { name: "Block Tod" }).click();
  await expect(me.page.getByText("You blocked Tod.")).toBeVisible();
  await expect(me.page.getByLabel("Type a message")).toHaveCount(0);
  const { createSocket, request } = await import("@teamchat/sdk");
  const socket = createSocket({
    serverUrl: `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`,
    getToken: () => pest.token,
  });
  // Nothing tells the blocked person: their message is acknowledged (one ✓ for good) and never shown.
  const ack = await request(socket, "message:send", { chatId: chat.id, clientId: crypto.randomUUID(), body: "hello?" });
  expect(ack.message.undelivered).toBe(true);
  socket.disconnect();
  await expect(me.page.getByTestId("message").filter({ hasText: "hello?" })).toHaveCount(0);
  // The list's preview is the newest message I can see (not empty), also after a reload.
  const todItem = me.page.getByTestId("chat-list-item").filter({ hasText: "Tod" });
  await expect(todItem).toContainText("hi");
  await me.page.reload();
  await expect(todItem).toContainText("hi");
  await expect(todItem).not.toContainText("Say hello");
  await todItem.click();
  await me.page.getByRole("button", { name: "Chat settings" }).click();
  await me.page.getByRole("menuitem", { name: "Unblock Tod" }).click();
  await expect(me.page.getByLabel("Type a message")).toBeVisible();
  await me.context.close();
});
