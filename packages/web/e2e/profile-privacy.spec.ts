import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { lastMine, newUser, openChat, SCREENSHOTS, send, startDirectChat } from "./helpers.js";

/** A wide PNG: the server crops it to a centred square for a profile photo. */
async function widePng(): Promise<Buffer> {
  return sharp({ create: { width: 600, height: 300, channels: 3, background: { r: 20, g: 140, b: 90 } } })
    .png()
    .toBuffer();
}

async function openSettings(page: Page, tab: "Profile" | "Privacy") {
  await page.getByRole("button", { name: "Profile and privacy" }).click();
  await page.getByRole("tab", { name: tab }).click();
}

test("profile: photo, name and about; the other person sees the change live", async ({ browser }) => {
  const ann = await newUser(browser, "Ann");
  const bob = await newUser(browser, "Bob");
  await startDirectChat(ann.page, "Bob", bob.username);
  await send(ann.page, "hi Bob");
  await openChat(bob.page, "Ann");

  await openSettings(ann.page, "Profile");
  const panel = ann.page.getByTestId("profile-panel");
  await panel.getByLabel("Profile photo file").setInputFiles({
    name: "me.png",
    mimeType: "image/png",
    buffer: await widePng(),
  });
  await expect(panel.getByRole("button", { name: "Remove photo" })).toBeVisible();
  // The photo shown is square (cropped by the server).
  const photo = panel.locator("img").first();
  await expect(photo).toBeVisible();
  const size = await photo.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
  expect(size[0]).toBe(size[1]);
  await panel.getByLabel("Your name").fill("Ann Smith");
  await panel.getByLabel("About").fill("Out until Monday");
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(ann.page.getByTestId("my-name")).toHaveText("Ann Smith");
  await ann.page.screenshot({ path: `${SCREENSHOTS}/profile.png` });

  // Bob's list and open chat follow at once, photo included.
  await expect(bob.page.getByTestId("chat-title")).toHaveText("Ann Smith");
  await expect(bob.page.getByTestId("chat-list-item").filter({ hasText: "Ann Smith" }).locator("img")).toBeVisible();

  // Survives a reload.
  await ann.page.reload();
  await openSettings(ann.page, "Profile");
  await expect(ann.page.getByTestId("profile-panel").getByLabel("About")).toHaveValue("Out until Monday");
  await ann.context.close();
  await bob.context.close();
});

test("privacy: settings are kept; blocked people are listed and can be unblocked", async ({ browser }) => {
  const cat = await newUser(browser, "Cat");
  const dan = await newUser(browser, "Dan");
  await startDirectChat(cat.page, "Dan", dan.username);
  await cat.page.getByRole("button", { name: "Chat settings" }).click();
  await cat.page.getByRole("menuitem", { name: "Block Dan" }).click();
  await expect(cat.page.getByText("You blocked Dan.")).toBeVisible();

  await openSettings(cat.page, "Privacy");
  const panel = cat.page.getByTestId("privacy-panel");
  await panel.getByRole("switch", { name: "Read receipts" }).click();
  await expect(panel.getByRole("switch", { name: "Read receipts" })).not.toBeChecked();
  await panel.getByRole("switch", { name: "Last seen" }).click();
  await expect(panel.getByRole("switch", { name: "Last seen" })).not.toBeChecked();
  await expect(panel.getByTestId("blocked-user")).toHaveText([/Dan/]);
  await cat.page.screenshot({ path: `${SCREENSHOTS}/privacy.png` });

  await cat.page.reload();
  await openSettings(cat.page, "Privacy");
  await expect(panel.getByRole("switch", { name: "Read receipts" })).not.toBeChecked();
  await expect(panel.getByRole("switch", { name: "Typing indicators" })).toBeChecked();
  await panel.getByRole("button", { name: "Unblock Dan" }).click();
  await expect(panel.getByTestId("blocked-user")).toHaveCount(0);
  await cat.page.getByRole("button", { name: "Close profile and privacy" }).click();
  await openChat(cat.page, "Dan");
  await expect(cat.page.getByLabel("Type a message")).toBeVisible();
  await cat.context.close();
  await dan.context.close();
});

test("block: the blocked person's message keeps one tick and never reaches the blocker; presence hidden", async ({
  browser,
}) => {
  const eva = await newUser(browser, "Eva");
  const fin = await newUser(browser, "Fin");
  await startDirectChat(fin.page, "Eva", eva.username);
  await send(fin.page, "first");
  await openChat(eva.page, "Fin");
  await expect(fin.page.getByTestId("chat-status")).toHaveText("online");

  await eva.page.getByRole("button", { name: "Chat settings" }).click();
  await eva.page.getByRole("menuitem", { name: "Block Fin" }).click();
  await expect(eva.page.getByText("You blocked Fin.")).toBeVisible();
  // Fin no longer sees Eva online, and is told nothing else.
  await expect(fin.page.getByTestId("chat-status")).toHaveText("");
  await send(fin.page, "are you there?");
  const mine = lastMine(fin.page);
  await expect(mine).toContainText("are you there?");
  await expect(mine.locator("[data-tick]")).toHaveAttribute("data-tick", "sent");
  await expect(fin.page.getByRole("alert")).toHaveCount(0);

  // Not shown to Eva, not even after she unblocks; Fin's message keeps its single tick.
  await eva.page.getByRole("button", { name: "Chat settings" }).click();
  await eva.page.getByRole("menuitem", { name: "Unblock Fin" }).click();
  await send(fin.page, "hello again");
  await expect(eva.page.getByTestId("message").last()).toContainText("hello again");
  await expect(eva.page.getByTestId("message").filter({ hasText: "are you there?" })).toHaveCount(0);
  await eva.page.reload();
  await openChat(eva.page, "Fin");
  await expect(eva.page.getByTestId("message").last()).toContainText("hello again");
  await expect(eva.page.getByTestId("message").filter({ hasText: "are you there?" })).toHaveCount(0);
  const withheld = fin.page.getByTestId("message").filter({ hasText: "are you there?" });
  await expect(withheld.locator("[data-tick]")).toHaveAttribute("data-tick", "sent");
  await fin.page.screenshot({ path: `${SCREENSHOTS}/blocked-single-tick.png` });
  await eva.context.close();
  await fin.context.close();
});

test("presence: a peer whose network drops goes offline for me within 30 s; back online, live again at once", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const gil = await newUser(browser, "Gil");
  const hal = await newUser(browser, "Hal");
  await startDirectChat(gil.page, "Hal", hal.username);
  await send(gil.page, "ping");
  await openChat(hal.page, "Gil");
  await expect(hal.page.getByTestId("chat-status")).toHaveText("online");
  await expect(gil.page.getByTestId("chat-status")).toHaveText("online");

  // Gil's network vanishes without a goodbye: Hal sees "last seen" within the heartbeat window.
  const dropped = Date.now();
  await gil.context.setOffline(true);
  await expect(hal.page.getByTestId("chat-status")).toHaveText(/^last seen/, { timeout: 45_000 });
  const offlineAfterMs = Date.now() - dropped;
  const remaining = 30_000 - (Date.now() - dropped);
  if (remaining > 0) await hal.page.waitForTimeout(remaining);

  // The network returns after 30 s: Gil is live again without waiting out the reconnect backoff.
  const back = Date.now();
  await gil.context.setOffline(false);
  await expect(gil.page.getByTestId("connection-banner")).toHaveCount(0, { timeout: 15_000 });
  const liveAfterMs = Date.now() - back;
  await expect(hal.page.getByTestId("chat-status")).toHaveText("online", { timeout: 15_000 });
  const seenOnlineAfterMs = Date.now() - back;
  console.log(
    `presence: offline seen by the peer after ${offlineAfterMs} ms; live again ${liveAfterMs} ms after the network returned; peer saw online after ${seenOnlineAfterMs} ms`,
  );
  test.info().annotations.push({
    type: "measurement",
    description: JSON.stringify({ offlineAfterMs, liveAfterMs, seenOnlineAfterMs }),
  });
  await gil.context.close();
  await hal.context.close();
});
