import { expect, test } from "@playwright/test";
import { newUser, openChat, SCREENSHOTS, send, startDirectChat } from "./helpers.js";

test("offline: queued messages survive a reload without network, then arrive once each, in order", async ({
  browser,
}) => {
  const amy = await newUser(browser, "Amy");
  const ben = await newUser(browser, "Ben");
  await startDirectChat(amy.page, "Ben", ben.username);
  await send(amy.page, "seen before going offline");
  await expect(amy.page.locator('[data-testid="message"][data-mine] [data-tick]').last()).not.toHaveAttribute(
    "data-tick",
    "sending",
  );
  // The service worker has taken control: the app shell is cached.
  await amy.page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });

  await amy.context.setOffline(true);
  await expect(amy.page.getByTestId("connection-banner")).toContainText("offline");
  for (const text of ["first offline", "second offline", "third offline"]) await send(amy.page, text);
  const clocks = amy.page.locator('[data-testid="message"][data-mine] [data-tick="sending"]');
  await expect(clocks).toHaveCount(3);

  // Reload with no network: the shell comes from the service worker, chats and history from
  // IndexedDB, and the three messages are still queued with their clocks.
  await amy.page.reload();
  await expect(amy.page.getByTestId("my-name")).toHaveText("Amy");
  await expect(amy.page.getByTestId("connection-banner")).toContainText("offline");
  await openChat(amy.page, "Ben");
  await expect(amy.page.getByTestId("message").first()).toContainText("seen before going offline");
  await expect(clocks).toHaveCount(3);
  await amy.page.screenshot({ path: `${SCREENSHOTS}/offline-reload.png` });

  await amy.context.setOffline(false);
  await expect(clocks).toHaveCount(0, { timeout: 30_000 });
  await openChat(ben.page, "Amy");
  const bodies = ben.page.getByTestId("message-body");
  await expect(bodies).toHaveText(["seen before going offline", "first offline", "second offline", "third offline"]);
  // Nothing arrives twice afterwards either.
  await ben.page.waitForTimeout(1_000);
  await expect(bodies).toHaveCount(4);
  await amy.context.close();
  await ben.context.close();
});

test("logging out deletes the user's cached data on the device", async ({ browser }) => {
  const cam = await newUser(browser, "Cam");
  const dee = await newUser(browser, "Dee");
  await startDirectChat(cam.page, "Dee", dee.username);
  await send(cam.page, "cached then wiped");
  await expect(cam.page.locator('[data-testid="message"][data-mine]')).toHaveCount(1);
  const dbNames = () =>
    cam.page.evaluate(async () =>
      (await indexedDB.databases()).map((d) => d.name ?? "").filter((n) => n.startsWith("teamchat-")),
    );
  await expect.poll(dbNames).toHaveLength(1);
  await cam.page.getByRole("button", { name: "Log out" }).click();
  await expect(cam.page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect.poll(dbNames).toHaveLength(0);
  expect(await cam.page.evaluate(() => localStorage.getItem("teamchat:last-session"))).toBeNull();
  await cam.context.close();
  await dee.context.close();
});
