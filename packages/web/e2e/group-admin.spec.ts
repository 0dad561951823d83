import { expect, type Locator, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { newUser, openChat, SCREENSHOTS, send } from "./helpers.js";

async function openGroupInfo(page: Page) {
  await page.getByRole("button", { name: "Group info" }).click();
  return page.getByRole("dialog", { name: "Group info" });
}

test("an admin adds, removes and restricts posting: each member sees it live", async ({ browser }) => {
  const ana = await newUser(browser, "Ana");
  const bo = await newUser(browser, "Bo");
  const cy = await newUser(browser, "Cy");

  // Ana creates "Crew" with Bo.
  await ana.page.getByRole("button", { name: "New group" }).click();
  await ana.page.getByLabel("Group name").fill("Crew");
  await ana.page.getByLabel("Search people").fill(bo.username);
  await ana.page.getByRole("button", { name: new RegExp(bo.username) }).click();
  await ana.page.getByRole("button", { name: /Create group/ }).click();
  await expect(ana.page.getByTestId("chat-title")).toHaveText("Crew");
  await send(ana.page, "welcome to the crew");
  await openChat(bo.page, "Crew");
  await expect(bo.page.getByTestId("message").last()).toContainText("welcome to the crew");

  // Ana adds Cy from the group info panel: the group appears in Cy's list at once.
  const info = await openGroupInfo(ana.page);
  await info.getByLabel("Add members").fill(cy.username);
  await info.getByRole("button", { name: "Add Cy" }).click();
  await expect(info.getByTestId("group-member").filter({ hasText: "Cy" })).toBeVisible();
  await openChat(cy.page, "Crew");
  await expect(cy.page.getByTestId("system-message").last()).toHaveText("Ana added Cy");

  // Ana removes Bo: Bo's open chat turns read-only and shows why.
  // It asks first: dismissing the question keeps Bo; confirming removes him.
  ana.page.once("dialog", (d) => {
    expect(d.message()).toBe("Remove Bo from the group?");
    void d.dismiss();
  });
  await info.getByRole("button", { name: "Remove Bo" }).click();
  await expect(info.getByTestId("group-member").filter({ hasText: "Bo" })).toHaveCount(1);
  ana.page.once("dialog", (d) => void d.accept());
  await info.getByRole("button", { name: "Remove Bo" }).click();
  await expect(info.getByTestId("group-member").filter({ hasText: "Bo" })).toHaveCount(0);
  await expect(bo.page.getByTestId("system-message").last()).toHaveText("Ana removed Bo");
  await expect(bo.page.getByTestId("composer-blocked")).toContainText("no longer a member");
  await expect(bo.page.getByTestId("chat-status")).toHaveText("You are no longer a member");

  // Only admins can post: Cy's composer is replaced by a note; Ana can still send.
  // The box is controlled by the stored setting: it turns checked once the server confirms.
  const onlyAdmins = info.getByLabel("Only admins can send messages");
  await onlyAdmins.click();
  await expect(onlyAdmins).toBeChecked();
  await expect(cy.page.getByTestId("system-message").last()).toHaveText("Ana turned on: only admins can send messages");
  await expect(cy.page.getByTestId("composer-blocked")).toHaveText("Only admins can send messages.");
  await info.getByRole("button", { name: "Close" }).click();
  await send(ana.page, "announcement");
  await expect(cy.page.getByTestId("message").last()).toContainText("announcement");
  // Bo, removed, never sees it.
  await expect(bo.page.getByTestId("message").last()).not.toContainText("announcement");
  await cy.page.screenshot({ path: `${SCREENSHOTS}/group-admin.png` });

  // Cy leaves: "You left" to Cy, "Cy left" to the others.
  cy.page.once("dialog", (d) => void d.accept());
  const cyInfo = await openGroupInfo(cy.page);
  await cyInfo.getByRole("button", { name: "Leave group" }).click();
  await expect(cy.page.getByTestId("system-message").last()).toHaveText("You left");
  await expect(ana.page.getByTestId("system-message").last()).toHaveText("Cy left");

  for (const u of [ana, bo, cy]) await u.context.close();
});

test("an admin sets the group photo: members see it in the list and header, after a reload too, and its removal", async ({
  browser,
}) => {
  const ana = await newUser(browser, "Ana");
  const bo = await newUser(browser, "Bo");
  await ana.page.getByRole("button", { name: "New group" }).click();
  await ana.page.getByLabel("Group name").fill("Photo club");
  await ana.page.getByLabel("Search people").fill(bo.username);
  await ana.page.getByRole("button", { name: new RegExp(bo.username) }).click();
  await ana.page.getByRole("button", { name: /Create group/ }).click();
  await expect(ana.page.getByTestId("chat-title")).toHaveText("Photo club");
  await openChat(bo.page, "Photo club");

  const info = await openGroupInfo(ana.page);
  const red = await sharp({ create: { width: 240, height: 240, channels: 3, background: "#e11d48" } })
    .png()
    .toBuffer();
  await info.getByLabel("Group photo file").setInputFiles({ name: "club.png", mimeType: "image/png", buffer: red });
  await expect(info.getByRole("button", { name: "Remove photo" })).toBeVisible();
  await expectLoadedPhoto(info.getByTestId("group-photo"));
  await info.getByRole("button", { name: "Close" }).click();

  // Bo: the system message, the photo in his list and in the header, loaded with his own token.
  await expect(bo.page.getByTestId("system-message").last()).toHaveText("Ana changed the group photo");
  const boItem = bo.page.getByTestId("chat-list-item").filter({ hasText: "Photo club" });
  await expectLoadedPhoto(boItem);
  await expectLoadedPhoto(bo.page.locator("header").filter({ has: bo.page.getByTestId("chat-title") }));
  await bo.page.reload();
  await expectLoadedPhoto(bo.page.getByTestId("chat-list-item").filter({ hasText: "Photo club" }));
  await bo.page.screenshot({ path: `${SCREENSHOTS}/group-photo.png` });

  // Ana removes it: Bo is back to initials.
  const again = await openGroupInfo(ana.page);
  await again.getByRole("button", { name: "Remove photo" }).click();
  await expect(again.getByRole("button", { name: "Add photo" })).toBeVisible();
  await openChat(bo.page, "Photo club");
  await expect(bo.page.getByTestId("system-message").last()).toHaveText("Ana removed the group photo");
  await expect(bo.page.getByTestId("chat-list-item").filter({ hasText: "Photo club" }).locator("img")).toHaveCount(0);

  for (const u of [ana, bo]) await u.context.close();
});

/** The avatar inside `scope` is an image that really loaded (an object URL of the fetched bytes). */
async function expectLoadedPhoto(scope: Locator) {
  const img = scope.locator("img").first();
  await expect(img).toHaveAttribute("src", /^blob:/);
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
}
