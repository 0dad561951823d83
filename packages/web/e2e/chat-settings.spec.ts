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

test("block from the chat menu: the composer gives way to a note, the other side's send is refused", async ({
  browser,
}) => {
  const me = await newUser(browser, "Sol");
  const pest = await apiUser("Tod");
  const myId = (await pest.api.searchUsers(me.username)).find((u) => u.username === me.username)?.id ?? "";
  const { chat } = await pest.api.createDirectChat(myId);
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
  await expect(
    request(socket, "message:send", { chatId: chat.id, clientId: crypto.randomUUID(), body: "hello?" }),
  ).rejects.toMatchObject({ code: "BLOCKED" });
  socket.disconnect();
  await me.page.getByRole("button", { name: "Chat settings" }).click();
  await me.page.getByRole("menuitem", { name: "Unblock Tod" }).click();
  await expect(me.page.getByLabel("Type a message")).toBeVisible();
  await me.context.close();
});
