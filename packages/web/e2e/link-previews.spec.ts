import http from "node:http";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { newUser, SCREENSHOTS, send, startDirectChat } from "./helpers.js";

/** The page server the link previews read (the server reaches it as preview.test, see playwright.config.ts). */
const PAGES_PORT = Number(process.env.E2E_PORT ?? 3100) + 1;
/**
 * Pages of this attempt only: the server caches a URL's preview (one whose picture failed too) for
 * a day, so a retry or a repeat asking for the same URLs would be served the first attempt's.
 */
let RUN = "";
test.beforeEach(() => {
  RUN = Math.random().toString(36).slice(2, 7);
});
const site = (path: string) => `http://preview.test:${PAGES_PORT}${path}-${RUN}`;
const article = (name: string) => `Article ${name}-${RUN}`;
let pages: http.Server;

test.beforeAll(async () => {
  const cover = await sharp({ create: { width: 160, height: 100, channels: 3, background: "#2a9d8f" } })
    .png()
    .toBuffer();
  pages = http.createServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/cover.png") return void res.writeHead(200, { "content-type": "image/png" }).end(cover);
    const name = path.slice(1);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
      `<html><head><meta property="og:title" content="Article ${name}">
       <meta property="og:description" content="About ${name}"><meta property="og:site_name" content="Preview Test">
       <meta property="og:image" content="/cover.png"></head><body></body></html>`,
    );
  });
  await new Promise<void>((resolve) => pages.listen(PAGES_PORT, "127.0.0.1", resolve));
});
test.afterAll(() => {
  pages.closeAllConnections();
  pages.close();
});

test("link preview: shown in the composer, removable before sending; the receiver sees the card with our stored image", async ({
  browser,
}) => {
  const ann = await newUser(browser, "Ann");
  const bob = await newUser(browser, "Bob");
  // Neither browser ever asks the third-party site for anything: the image comes from our files route.
  const thirdParty: string[] = [];
  for (const p of [ann.page, bob.page]) {
    p.on("request", (r) => {
      if (r.url().includes("preview.test")) thirdParty.push(r.url());
    });
  }
  await startDirectChat(ann.page, "Bob", bob.username);

  // The composer shows the preview of the link being typed.
  const box = ann.page.getByLabel("Type a message");
  await box.fill(`read this ${site("/one")}`);
  const draftCard = ann.page.getByTestId("link-preview");
  await expect(draftCard.getByTestId("link-preview-title")).toHaveText(article("one"));
  await expect(draftCard.getByTestId("link-preview-image")).toHaveAttribute("src", /^blob:/);
  await ann.page.screenshot({ path: `${SCREENSHOTS}/link-preview-composer.png` });
  await box.press("Enter");
  await expect(ann.page.getByTestId("link-preview")).toHaveCount(1); // the bubble's card, the composer's gone

  // Bob sees it arrive with its card (a message change after the send).
  await bob.page.getByTestId("chat-list-item").filter({ hasText: "Ann" }).click();
  const first = bob.page.getByTestId("message").filter({ hasText: "read this" });
  await expect(first.getByTestId("link-preview-title")).toHaveText(article("one"));
  await expect(first.getByTestId("link-preview-image")).toHaveAttribute("src", /^blob:/);

  // Removed in the composer: sent without one.
  await box.fill(`no card please ${site("/two")}`);
  await expect(ann.page.getByTestId("link-preview").getByTestId("link-preview-title")).toContainText([
    article("one"),
    article("two"),
  ]);
  await ann.page.getByRole("button", { name: "Remove link preview" }).click();
  await expect(ann.page.getByRole("button", { name: "Remove link preview" })).toHaveCount(0);
  await box.press("Enter");
  // A later message's card arriving means the server is done with the one before (a cache hit, quicker).
  await send(ann.page, `and this one ${site("/three")}`);
  const third = bob.page.getByTestId("message").filter({ hasText: "and this one" });
  await expect(third.getByTestId("link-preview-title")).toHaveText(article("three"));
  const second = bob.page.getByTestId("message").filter({ hasText: "no card please" });
  await expect(second).toBeVisible();
  await expect(second.getByTestId("link-preview")).toHaveCount(0);
  await bob.page.screenshot({ path: `${SCREENSHOTS}/link-preview-received.png` });
  expect(thirdParty).toEqual([]);
});
