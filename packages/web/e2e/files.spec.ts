import { type Browser, expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { newUser, openChat, PASSWORD, SCREENSHOTS } from "./helpers.js";
import { apiUser, sendMany } from "./seed.js";

async function signIn(browser: Browser, username: string, displayName: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("my-name")).toHaveText(displayName);
  return { context, page };
}

/** Noise compresses badly: a PNG of a few MB, so the upload takes long enough to watch. */
async function noisyPng(width: number, height: number): Promise<string> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;
  return (
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer()
  ).toString("base64");
}

/** Drops files on the conversation as a drag from the desktop would. */
async function dropFiles(page: Page, files: { name: string; type: string; b64: string }[]) {
  await page.evaluate((list) => {
    const data = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], f.name, { type: f.type }));
    }
    const target = document.querySelector('section[aria-label="Conversation"]');
    if (!target) throw new Error("no conversation");
    target.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
  }, files);
}

/** How far the newest message's bottom sits above the list's bottom edge (the bottom anchor). */
function bottomGap(page: Page): Promise<number> {
  return page.evaluate(() => {
    const list = document.querySelector('[data-testid="message-list"]');
    const messages = document.querySelectorAll('[data-testid="message"]');
    const last = messages[messages.length - 1];
    if (!list || !last) throw new Error("no list");
    return Math.round(list.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom);
  });
}

test("drag-drop images: progress in the composer, the receiver's list keeps its place as the thumbnail loads, lightbox with next/previous", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const ben = await newUser(browser, "Ben");
  const annApi = await apiUser("Ann");
  const { chat } = await annApi.api.createDirectChat((await annApi.api.searchUsers(ben.username))[0]?.id ?? "");
  await sendMany(annApi.token, chat.id, 30, "earlier");
  const ann = await signIn(browser, annApi.username, "Ann");

  // Ben sits at the bottom of a long chat; his thumbnail requests wait until we say so.
  await expect(
    ben.page.getByTestId("chat-list-item").filter({ hasText: "Ann" }).getByTestId("unread-badge"),
  ).toHaveText(/^30/);
  await openChat(ben.page, "Ann");
  // It may open at the first unread message; Ben reads down to the newest.
  await expect(ben.page.getByTestId("message").first()).toBeVisible();
  // The button shows once the list has settled at the first unread, which may be after the
  // first look (CI saw the list at "earlier 13" with no click made): look again until he is there.
  const toBottom = ben.page.getByRole("button", { name: /scroll to bottom/i });
  await expect(async () => {
    if (await toBottom.isVisible()) await toBottom.click();
    await expect(ben.page.getByTestId("message").last()).toContainText("earlier 30", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  let releaseThumbnails = () => {};
  const thumbnailsHeld = new Promise<void>((resolve) => {
    releaseThumbnails = resolve;
  });
  await ben.page.route("**/api/files/*/thumbnail", async (route) => {
    await thumbnailsHeld;
    await route.continue();
  });

  // Ann drops a large and a small image; a slow uplink makes the progress visible.
  await openChat(ann.page, "Ben");
  const cdp = await ann.context.newCDPSession(ann.page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 400 * 1024,
  });
  await dropFiles(ann.page, [
    { name: "beach.png", type: "image/png", b64: await noisyPng(1000, 750) },
    { name: "sunset.png", type: "image/png", b64: await noisyPng(120, 200) },
  ]);
  await expect(ann.page.getByTestId("draft")).toHaveCount(2);
  const progress = ann.page.getByRole("progressbar", { name: "Uploading beach.png" });
  await expect(progress).toBeVisible();
  await ann.page.screenshot({ path: `${SCREENSHOTS}/upload-progress.png` });
  await expect(ann.page.getByTestId("draft").first()).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await expect(ann.page.getByTestId("draft").last()).toHaveAttribute("data-status", "done");
  await ann.page.getByLabel("Type a message").fill("holiday pictures");
  await ann.page.getByLabel("Type a message").press("Enter");
  await expect(ann.page.getByTestId("draft")).toHaveCount(0);

  // Ben: the images arrive with their final size reserved (placeholder shown), at the bottom.
  const lastMessage = ben.page.getByTestId("message").last();
  await expect(lastMessage).toContainText("holiday pictures");
  const images = lastMessage.getByTestId("attachment-image");
  await expect(images).toHaveCount(2);
  await expect
    .poll(() =>
      ben.page.evaluate(() => {
        const list = document.querySelector('[data-testid="message-list"]');
        return list ? Math.round(list.scrollHeight - list.scrollTop - list.clientHeight) : -1;
      }),
    )
    .toBeLessThanOrEqual(4);
  const before = { gap: await bottomGap(ben.page), box: await images.first().boundingBox() };
  await expect(images.first()).not.toHaveAttribute("data-loaded");
  // 1000×750 shown at most 280 px wide: 280×210 before a single byte of it arrived.
  expect([Math.round(before.box?.width ?? 0), Math.round(before.box?.height ?? 0)]).toEqual([280, 210]);

  releaseThumbnails();
  await expect(images.first()).toHaveAttribute("data-loaded", "true");
  await expect(images.last()).toHaveAttribute("data-loaded", "true");
  await ben.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const after = { gap: await bottomGap(ben.page), box: await images.first().boundingBox() };
  expect(after.gap).toBe(before.gap);
  expect(after.box?.height).toBe(before.box?.height);
  await ben.page.screenshot({ path: `${SCREENSHOTS}/image-message.png` });

  // The lightbox opens on the clicked image and moves across the chat's images.
  await images.first().click();
  const lightbox = ben.page.getByTestId("lightbox");
  await expect(lightbox).toBeVisible();
  // The caption is the text sent with the images (not a file name); a download link for each.
  await expect(ben.page.getByTestId("lightbox-caption")).toHaveText("holiday pictures");
  await expect(ben.page.getByTestId("lightbox-position")).toHaveText("1 of 2");
  await expect(ben.page.getByTestId("lightbox-image")).toBeVisible();
  await expect(ben.page.getByTestId("lightbox-download")).toHaveAttribute("download", "beach.png");
  await ben.page.getByRole("button", { name: "Next image" }).click();
  await expect(ben.page.getByTestId("lightbox-position")).toHaveText("2 of 2");
  await expect(ben.page.getByTestId("lightbox-download")).toHaveAttribute("download", "sunset.png");
  await ben.page.keyboard.press("ArrowLeft");
  await expect(ben.page.getByTestId("lightbox-position")).toHaveText("1 of 2");
  await ben.page.screenshot({ path: `${SCREENSHOTS}/lightbox.png` });
  await ben.page.keyboard.press("Escape");
  await expect(lightbox).toHaveCount(0);

  // Shared media lists both images.
  await ben.page.getByRole("button", { name: "Shared media" }).click();
  await expect(ben.page.getByTestId("media-thumbnail")).toHaveCount(2);
  await expect(ben.page.getByTestId("media-thumbnail").first()).toHaveAttribute("data-loaded", "true");

  await ann.context.close();
  await ben.context.close();
});

test("a file attached with the button is sent as a card the receiver can download; a refused file shows why; an upload in flight can be cancelled; a pasted image joins", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const cy = await newUser(browser, "Cy");
  const dee = await newUser(browser, "Dee");
  await cy.page.getByRole("button", { name: "New chat" }).click();
  await cy.page.getByLabel("Search people").fill(dee.username);
  await cy.page.getByRole("button", { name: /Dee/ }).click();
  await cy.page.getByTestId("attach-input").setInputFiles([
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("agenda\n1. files\n") },
    {
      name: "program.exe",
      mimeType: "application/x-msdownload",
      buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(300)]),
    },
  ]);
  await expect(cy.page.getByTestId("draft").first()).toHaveAttribute("data-status", "done");
  await expect(cy.page.getByTestId("draft").last()).toHaveAttribute("data-status", "failed");
  await expect(cy.page.getByTestId("draft").last()).toContainText("cannot be shared");
  await cy.page.getByRole("button", { name: "Remove program.exe" }).click();
  await expect(cy.page.getByTestId("draft")).toHaveCount(1);
  // An upload still in flight is cancelled from its preview.
  const cdp = await cy.context.newCDPSession(cy.page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 100 * 1024,
  });
  await cy.page.getByTestId("attach-input").setInputFiles({
    name: "huge.png",
    mimeType: "image/png",
    buffer: Buffer.from(await noisyPng(800, 800), "base64"),
  });
  await expect(cy.page.getByRole("progressbar", { name: "Uploading huge.png" })).toBeVisible();
  await expect(cy.page.getByRole("button", { name: "Send" })).toBeDisabled();
  await cy.page.getByRole("button", { name: "Cancel upload of huge.png" }).click();
  await expect(cy.page.getByTestId("draft")).toHaveCount(1);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  // An image pasted into the message box joins the files.
  const pasted = await noisyPng(30, 20);
  await cy.page.getByLabel("Type a message").evaluate((box, b64) => {
    const data = new DataTransfer();
    data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], "image.png", { type: "image/png" }));
    box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, pasted);
  await expect(cy.page.getByTestId("draft")).toHaveCount(2);
  await expect(cy.page.getByTestId("draft").last()).toHaveAttribute("data-status", "done");
  await cy.page.getByRole("button", { name: "Send" }).click();

  await openChat(dee.page, "Cy");
  const card = dee.page.getByTestId("file-card");
  await expect(card).toContainText("notes.txt");
  const download = dee.page.waitForEvent("download");
  await card.getByRole("button", { name: "Download notes.txt" }).click();
  expect((await download).suggestedFilename()).toBe("notes.txt");
  await expect(dee.page.getByTestId("message").last().getByTestId("attachment-image")).toHaveAttribute(
    "data-loaded",
    "true",
  );
  // The chat's only image: the lightbox has no arrows and no "1 of 1", and downloads it.
  await dee.page.getByTestId("message").last().getByTestId("attachment-image").click();
  await expect(dee.page.getByTestId("lightbox-image")).toBeVisible();
  await expect(dee.page.getByRole("button", { name: "Next image" })).toHaveCount(0);
  await expect(dee.page.getByRole("button", { name: "Previous image" })).toHaveCount(0);
  await expect(dee.page.getByTestId("lightbox-position")).toHaveCount(0);
  const saved = dee.page.waitForEvent("download");
  await dee.page.getByTestId("lightbox-download").click();
  expect((await saved).suggestedFilename()).toBe("image.png");
  await cy.context.close();
  await dee.context.close();
});
