import { expect, test } from "@playwright/test";
import { lastMine, newUser, openChat, SCREENSHOTS, send, startDirectChat } from "./helpers.js";

test("react, edit and delete for everyone: the other side sees each change live", async ({ browser }) => {
  const ana = await newUser(browser, "Ana");
  const bo = await newUser(browser, "Bo");
  await startDirectChat(ana.page, "Bo", bo.username);
  await send(ana.page, "lunch at noon?");
  await openChat(bo.page, "Ana");
  const atBo = bo.page.getByTestId("message").last();
  await expect(atBo).toContainText("lunch at noon?");

  // Bo reacts from the message menu; Ana sees who reacted.
  await atBo.hover();
  await atBo.getByRole("button", { name: "Message actions" }).click();
  await bo.page.getByRole("menuitem", { name: "React 👍" }).click();
  const chip = lastMine(ana.page).getByTestId("reactions").getByRole("button");
  await expect(chip).toHaveText("👍 1");
  await expect(chip).toHaveAttribute("title", "Bo");

  // Ana edits: Bo sees the new text marked "edited".
  const mine = lastMine(ana.page);
  await mine.hover();
  await mine.getByRole("button", { name: "Message actions" }).click();
  await ana.page.getByRole("menuitem", { name: "Edit" }).click();
  await expect(ana.page.getByTestId("editing-banner")).toBeVisible();
  const box = ana.page.getByLabel("Type a message");
  await expect(box).toHaveValue("lunch at noon?");
  await box.fill("lunch at 12:30?");
  await box.press("Enter");
  await expect(atBo.getByTestId("message-body")).toHaveText("lunch at 12:30?");
  await expect(atBo.getByTestId("edited")).toBeVisible();
  await bo.page.screenshot({ path: `${SCREENSHOTS}/reactions-and-edits.png` });

  // Ana deletes it for everyone: a placeholder at both ends, reactions gone.
  ana.page.once("dialog", (d) => void d.accept());
  await mine.hover();
  await mine.getByRole("button", { name: "Message actions" }).click();
  await ana.page.getByRole("menuitem", { name: "Delete for everyone" }).click();
  await expect(atBo.getByTestId("message-body")).toHaveText("This message was deleted");
  await expect(atBo.getByTestId("reactions")).toHaveCount(0);
  await expect(mine.getByTestId("message-body")).toHaveText("This message was deleted");
  await ana.context.close();
  await bo.context.close();
});
