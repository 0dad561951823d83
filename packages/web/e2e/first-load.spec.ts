import { expect, test } from "@playwright/test";
import { newUser } from "./helpers.js";

/** Console errors and failed responses of a page, from the moment it is created. */
function watch(page: import("@playwright/test").Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return errors;
}

test("a first visit shows the sign-in screen without a refresh request or a console error", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watch(page);
  const refreshes: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/auth/refresh")) refreshes.push(request.url());
  });
  await page.goto("/");
  await expect(page.getByRole("button", { name: "New here? Create an account" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(refreshes).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test("a signed-in device resumes on reload; after logging out a reload is quiet again", async ({ browser }) => {
  const { context, page, displayName } = await newUser(browser, "Reload Rita");
  const errors = watch(page);
  await page.reload();
  await expect(page.getByTestId("my-name")).toHaveText(displayName);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("button", { name: "New here? Create an account" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "New here? Create an account" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
  await context.close();
});
