import { expect, test } from "@playwright/test";
import { newUser, openChat, SCREENSHOTS, send, uniqueName } from "./helpers.js";

test("browse and join an announcement channel: members react but only admins post", async ({ browser }) => {
  const ana = await newUser(browser, "Ana");
  const bo = await newUser(browser, "Bo");
  const name = uniqueName("News ");

  // Ana creates an announcement channel from the channel dialog.
  await ana.page.getByRole("button", { name: "Browse channels" }).click();
  const anaDialog = ana.page.getByRole("dialog", { name: "Channels" });
  await anaDialog.getByLabel("New channel name").fill(name);
  await anaDialog.getByLabel("Announcements: only admins post").check();
  await anaDialog.getByRole("button", { name: "Create channel" }).click();
  await expect(ana.page.getByTestId("chat-title")).toHaveText(name);
  await expect(ana.page.getByTestId("chat-status")).toHaveText("Announcement channel · 1 member");

  // Bo finds it by part of its name and joins.
  await bo.page.getByRole("button", { name: "Browse channels" }).click();
  const boDialog = bo.page.getByRole("dialog", { name: "Channels" });
  await boDialog.getByLabel("Search channels").fill(name.slice(5).toUpperCase());
  const listing = boDialog.getByTestId("channel-listing").filter({ hasText: name });
  await expect(listing).toContainText("1 member · announcements");
  await bo.page.screenshot({ path: `${SCREENSHOTS}/channel-directory.png` });
  await listing.getByRole("button", { name: `Join ${name}` }).click();
  await expect(boDialog).toHaveCount(0);
  await expect(bo.page.getByTestId("chat-title")).toHaveText(name);
  await expect(bo.page.getByTestId("system-message").last()).toHaveText("Bo joined");
  await expect(bo.page.getByTestId("composer-blocked")).toHaveText("Only admins can send messages.");
  const row = bo.page.getByTestId("chat-list-item").filter({ hasText: name });
  await expect(row.getByTestId("channel-icon")).toBeVisible();
  await expect(ana.page.getByTestId("chat-status")).toHaveText("Announcement channel · 2 members");

  // Ana posts; Bo reacts; Ana sees the reaction.
  await send(ana.page, "Release on Friday");
  const atBo = bo.page.getByTestId("message").filter({ hasText: "Release on Friday" });
  await atBo.hover();
  await atBo.getByRole("button", { name: "Message actions" }).click();
  await bo.page.getByRole("menuitem", { name: "React 👍" }).click();
  await expect(ana.page.getByTestId("message").last().getByTestId("reactions").getByRole("button")).toHaveText("👍 1");
  await bo.page.screenshot({ path: `${SCREENSHOTS}/channel.png` });
  await ana.context.close();
  await bo.context.close();
});

test("an admin edits the group name and description; members see both live", async ({ browser }) => {
  const ana = await newUser(browser, "Ana");
  const bo = await newUser(browser, "Bo");
  await ana.page.getByRole("button", { name: "New group" }).click();
  await ana.page.getByLabel("Group name").fill("Old name");
  await ana.page.getByLabel("Search people").fill(bo.username);
  await ana.page.getByRole("button", { name: new RegExp(bo.username) }).click();
  await ana.page.getByRole("button", { name: /Create group/ }).click();
  await openChat(bo.page, "Old name");

  await ana.page.getByRole("button", { name: "Group info" }).click();
  const info = ana.page.getByRole("dialog", { name: "Group info" });
  await info.getByLabel("Group name").fill("Launch crew");
  await info.getByLabel("Description").fill("Everything about the launch");
  await info.getByRole("button", { name: "Save" }).click();

  await expect(bo.page.getByTestId("chat-title")).toHaveText("Launch crew");
  const notes = bo.page.getByTestId("system-message");
  await expect(notes.filter({ hasText: "Ana changed the group name to “Launch crew”" })).toHaveCount(1);
  await expect(notes.filter({ hasText: "Ana changed the group description" })).toHaveCount(1);
  await bo.page.getByRole("button", { name: "Group info" }).click();
  const boInfo = bo.page.getByRole("dialog", { name: "Group info" });
  await expect(boInfo.getByTestId("group-name")).toHaveText("Launch crew");
  await expect(boInfo).toContainText("Everything about the launch");
  await ana.context.close();
  await bo.context.close();
});
