import { expect, test } from "@playwright/test";
import { createSocket, request } from "@teamchat/sdk";
import { newUser, openChat, SCREENSHOTS } from "./helpers.js";
import { apiUser } from "./seed.js";

/**
 * Security suite, browser part: hostile text in messages, display names, group names and
 * descriptions is shown as text in the real app — no dialog, no handler, no injected element,
 * no script URL — and a link whose text reads like another address shows its real target.
 * (Server-side attacks: packages/server/test/security/; index: docs/security.md.)
 */
const HANDLER = "window.pwned=true;alert(1)";
const MESSAGES = [
  `<img src=x onerror="${HANDLER}">`,
  `<svg onload="${HANDLER}"><circle r=9></circle></svg>`,
  `<script>${HANDLER}</script>`,
  `<iframe src="javascript:${HANDLER}"></iframe>`,
  `[js link](javascript:${HANDLER})`,
  `[js entity](javascript&#58;${HANDLER})`,
  `[JS upper](JaVaScRiPt:${HANDLER})`,
  `[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `[vb link](vbscript:msgbox(1))`,
  `![img md](javascript:${HANDLER})`,
  `<a href="javascript:${HANDLER}">raw anchor</a>`,
  `<div style="background:url(javascript:${HANDLER})">styled</div>`,
  "[https://bank.example/login](https://evil.example/login)",
];
const NAME = '<img src=x onerror="alert(1)">Mallory';
const GROUP = '<svg onload="alert(1)">Payroll';
const DESCRIPTION = `<script>${HANDLER}</script> [https://hr.example](javascript:${HANDLER})`;

test("hostile markup in messages, names, group names and descriptions stays inert text", async ({ browser }) => {
  const tom = await newUser(browser, "Tom");
  const mallory = await apiUser("Mallory");
  await mallory.api.updateProfile({ displayName: NAME });
  const [tomUser] = await mallory.api.searchUsers(tom.username);
  const group = await mallory.api.createGroupChat({
    name: GROUP,
    description: DESCRIPTION,
    memberIds: [tomUser?.id ?? ""],
  });
  const { chat: direct } = await mallory.api.createDirectChat(tomUser?.id ?? "");
  const socket = createSocket({ serverUrl: new URL(tom.page.url()).origin, getToken: () => mallory.token });
  for (const chatId of [group.id, direct.id]) {
    for (const body of MESSAGES) await request(socket, "message:send", { chatId, clientId: crypto.randomUUID(), body });
  }
  socket.disconnect();

  const page = tom.page;
  // Tall enough that the virtualised list renders every message at once.
  await page.setViewportSize({ width: 1280, height: 2200 });
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  const popups: string[] = [];
  page.context().on("page", (p) => popups.push(p.url()));
  await page.evaluate(() => {
    (window as unknown as { pwned: boolean }).pwned = false;
  });

  for (const title of [GROUP, NAME]) {
    await openChat(page, title);
    const bodies = page.getByTestId("message-body");
    await expect(bodies).toHaveCount(MESSAGES.length, { timeout: 20_000 });
    // Raw HTML is shown as the text it is, never parsed into elements.
    await expect(bodies.filter({ hasText: "<img src=x onerror" })).toHaveCount(1);
    await expect(bodies.filter({ hasText: "<script>window.pwned" })).toHaveCount(1);
    for (const tag of ["img", "svg", "script", "iframe", "object", "embed", "div[style]", "style"]) {
      await expect(page.getByTestId("message-list").locator(`[data-testid="message-body"] ${tag}`), tag).toHaveCount(0);
    }
    // Every link target is harmless; the spoofed one names its real host.
    const hrefs = await page
      .locator('[data-testid="message-body"] a')
      .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    for (const href of hrefs) expect(href, href).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    const spoof = bodies.filter({ hasText: "https://bank.example/login" });
    await expect(spoof.getByTestId("link-target")).toHaveText(/evil\.example/);
    await expect(spoof.locator("a")).toHaveAttribute("title", "https://evil.example/login");
    // Clicking the would-be script links runs nothing.
    for (const text of ["js link", "js entity", "JS upper", "data link", "vb link"]) {
      const link = bodies.getByText(text, { exact: true });
      if ((await link.count()) > 0) await link.first().click();
    }
    await page.screenshot({ path: `${SCREENSHOTS}/security-xss-${title === GROUP ? "group" : "direct"}.png` });
  }

  await openChat(page, GROUP);
  await page.getByRole("button", { name: "Group info" }).click();
  const info = page.getByRole("dialog", { name: "Group info" });
  await expect(info.getByTestId("group-name")).toContainText(GROUP);
  await expect(info).toContainText("<script>");
  await expect(info).toContainText(NAME);
  await expect(info.locator("script, iframe, img[src='x']")).toHaveCount(0);

  // Nowhere in the document: no element carrying an inline handler, no injected script.
  const injected = await page.evaluate(() => ({
    handlers: document.querySelectorAll("[onerror], [onload], [onclick], [onmouseover]").length,
    inlineScripts: [...document.scripts].filter((s) => !s.src).length,
    jsUrls: [...document.querySelectorAll("[href], [src]")].filter((e) =>
      /^\s*(javascript|vbscript|data:text\/html)/i.test(e.getAttribute("href") ?? e.getAttribute("src") ?? ""),
    ).length,
    pwned: (window as unknown as { pwned?: boolean }).pwned ?? false,
  }));
  expect(injected).toEqual({ handlers: 0, inlineScripts: 0, jsUrls: 0, pwned: false });
  expect(dialogs).toBe(0);
  expect(popups.filter((u) => /^(javascript|data|vbscript):/i.test(u))).toEqual([]);
  await tom.context.close();
});
