import { expect, test } from "@playwright/test";
import { newUser, openChat, SCREENSHOTS, send, startDirectChat } from "./helpers.js";
import { apiUser, sendMany } from "./seed.js";

test("two tabs of one user: badge and title update live in both, reading in one clears the other", async ({
  browser,
}) => {
  const mia = await newUser(browser, "Mia");
  const tab2 = await mia.context.newPage();
  await tab2.goto("/");
  await expect(tab2.getByTestId("my-name")).toHaveText("Mia");
  const ned = await apiUser("Ned");
  const miaId = (await ned.api.searchUsers(mia.username)).find((u) => u.username === mia.username)?.id ?? "";
  const { chat } = await ned.api.createDirectChat(miaId);
  await sendMany(ned.token, chat.id, 2, "ping");
  for (const page of [mia.page, tab2]) {
    await expect(page.getByTestId("chat-list-item").filter({ hasText: "Ned" }).getByTestId("unread-badge")).toHaveText(
      /^2/,
    );
    await expect(page).toHaveTitle(/^\(2\) /);
  }
  await mia.page.bringToFront();
  await openChat(mia.page, "Ned");
  await expect(tab2.getByTestId("chat-list-item").filter({ hasText: "Ned" }).getByTestId("unread-badge")).toHaveCount(
    0,
  );
  await expect(tab2).toHaveTitle("Team chat");
  await mia.context.close();
});

test("connection banner while offline; the message written offline is sent on return", async ({ browser }) => {
  const ola = await newUser(browser, "Ola");
  const pim = await newUser(browser, "Pim");
  await startDirectChat(ola.page, "Pim", pim.username);
  await ola.context.setOffline(true);
  await expect(ola.page.getByTestId("connection-banner")).toContainText("offline");
  await send(ola.page, "written offline");
  const mine = ola.page.locator('[data-testid="message"][data-mine]').last();
  await expect(mine.locator("[data-tick]")).toHaveAttribute("data-tick", "sending");
  await ola.page.screenshot({ path: `${SCREENSHOTS}/offline-banner.png` });
  await ola.context.setOffline(false);
  await expect(ola.page.getByTestId("connection-banner")).toHaveCount(0, { timeout: 20_000 });
  await expect(mine.locator("[data-tick]")).not.toHaveAttribute("data-tick", "sending", { timeout: 20_000 });
  await openChat(pim.page, "Ola");
  await expect(pim.page.getByTestId("message")).toHaveCount(1);
  await expect(pim.page.getByTestId("message")).toContainText("written offline");
  await ola.context.close();
  await pim.context.close();
});

test("scrolled up, new messages do not yank the view: a '↓ N new' button appears instead", async ({ browser }) => {
  const ray = await apiUser("Ray");
  const sue = await newUser(browser, "Sue");
  const sueId = (await ray.api.searchUsers(sue.username)).find((u) => u.username === sue.username)?.id ?? "";
  const { chat } = await ray.api.createDirectChat(sueId);
  await sendMany(ray.token, chat.id, 60, "old");
  // Open it once all 60 have arrived (the badge says so), as a person would.
  await expect(
    sue.page.getByTestId("chat-list-item").filter({ hasText: "Ray" }).getByTestId("unread-badge"),
  ).toHaveText(/^60/);
  await openChat(sue.page, "Ray");
  await expect(sue.page.getByTestId("unread-separator")).toBeVisible();
  // Go to the bottom, then scroll up a little.
  const list = sue.page.getByTestId("message-list");
  const box = await list.boundingBox();
  await sue.page.mouse.move((box?.x ?? 0) + 200, (box?.y ?? 0) + 200);
  await expect
    .poll(async () => {
      await sue.page.mouse.wheel(0, 5000);
      return sue.page.locator('[data-testid="message"][data-seq="60"]').isVisible();
    })
    .toBe(true);
  await sue.page.mouse.wheel(0, -600);
  await expect(sue.page.getByRole("button", { name: /scroll to bottom/i })).toBeVisible();
  // A message in view, and where it is: new arrivals must not move it.
  const inView = sue.page.locator('[data-testid="message"][data-seq]').nth(3);
  const seq = await inView.getAttribute("data-seq");
  const anchor = sue.page.locator(`[data-testid="message"][data-seq="${seq}"]`);
  // Let the wheel scroll settle: the same position twice in a row.
  let before = await anchor.boundingBox();
  await expect
    .poll(async () => {
      const now = await anchor.boundingBox();
      const settled = now?.y === before?.y;
      before = now;
      return settled;
    })
    .toBe(true);
  await sendMany(ray.token, chat.id, 2, "new");
  await expect(sue.page.getByRole("button", { name: "2 new messages, scroll to bottom" })).toBeVisible();
  const after = await anchor.boundingBox();
  expect(Math.abs((after?.y ?? -999) - (before?.y ?? 0))).toBeLessThanOrEqual(2);
  await sue.page.getByRole("button", { name: "2 new messages, scroll to bottom" }).click();
  await expect(sue.page.locator('[data-testid="message"][data-seq="62"]')).toBeInViewport();
  await sue.context.close();
});

test("emoji picker loads on demand and inserts native emoji; dark mode follows the system", async ({ browser }) => {
  const uma = await newUser(browser, "Uma");
  const vic = await apiUser("Vic");
  const umaId = (await vic.api.searchUsers(uma.username)).find((u) => u.username === uma.username)?.id ?? "";
  await sendMany(vic.token, (await vic.api.createDirectChat(umaId)).chat.id, 1, "hi");
  await openChat(uma.page, "Vic");
  await uma.page.getByRole("button", { name: "Emoji" }).click();
  await uma.page.getByRole("gridcell", { name: "grinning face", exact: true }).click();
  await expect(uma.page.getByLabel("Type a message")).toHaveValue("😀");
  await uma.page.getByLabel("Type a message").press("Enter");
  await expect(uma.page.locator('[data-testid="message"][data-mine]')).toHaveCount(1);
  await uma.page.emulateMedia({ colorScheme: "dark" });
  const bg = await uma.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe("rgb(255, 255, 255)");
  await uma.page.screenshot({ path: `${SCREENSHOTS}/dark-mode.png` });
  await uma.context.close();
});
