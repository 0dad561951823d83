import { expect, type Page, test } from "@playwright/test";
import { newUser, SCREENSHOTS } from "./helpers.js";
import { apiUser, sendMany } from "./seed.js";

/** Group info and shared media: Radix dialogs like the app's others (Escape, outside click, focus back). */

async function groupOpen(page: Page, username: string) {
  const host = await apiUser("Pam");
  const myId = (await host.api.searchUsers(username)).find((u) => u.username === username)?.id ?? "";
  const group = await host.api.createGroupChat({ name: "Panel team", memberIds: [myId] });
  await sendMany(host.token, group.id, 3, "hello");
  await page.getByTestId("chat-list-item").filter({ hasText: "Panel team" }).click();
  await expect(page.getByTestId("chat-title")).toHaveText("Panel team");
  return group.id;
}

for (const panel of [
  { button: "Group info", dialog: "Group info", path: "/info" },
  { button: "Shared media", dialog: "Shared media", path: "/media" },
]) {
  test(`${panel.dialog}: Escape and a click outside close it, focus returns to its button, the address follows`, async ({
    browser,
  }) => {
    const { page, username, context } = await newUser(browser, "Pia");
    const chatId = await groupOpen(page, username);
    const opener = page.getByRole("button", { name: panel.button });
    const dialog = page.getByRole("dialog", { name: panel.dialog });

    await opener.click();
    await expect(dialog).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/chats/${chatId}${panel.path}$`));
    // Focus is inside the dialog while it is open.
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/panel-${panel.path.slice(1)}-open.png` });

    // A click outside (on the dimmed page, top-left corner) closes it.
    const box = await dialog.boundingBox();
    if (!box) throw new Error("dialog has no box");
    expect(box.x).toBeGreaterThan(10);
    await page.mouse.click(5, 5);
    await expect(dialog).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`/chats/${chatId}$`));
    await expect(opener).toBeFocused();
    // The chat behind it is as it was.
    await expect(page.getByTestId("chat-title")).toHaveText("Panel team");

    // Escape closes it too, with focus back on the button.
    await opener.click();
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`/chats/${chatId}$`));
    await expect(opener).toBeFocused();

    // A click inside does not close it.
    await opener.click();
    await dialog.getByRole("heading", { name: panel.dialog }).click();
    await expect(dialog).toBeVisible();
    await context.close();
  });
}
