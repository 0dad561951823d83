import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { hostLogin } from "./host-login.js";
import { differingPixels } from "./pixel-diff.js";

const SCREENSHOTS = fileURLToPath(new URL("../../../test-results/screenshots", import.meta.url));
// Written with fs (not page.screenshot, which makes its folder): the folder may not exist yet.
fs.mkdirSync(SCREENSHOTS, { recursive: true });

/** What an aggressive host stylesheet (an old CMS theme, a global reset) does to every page. */
const HOSTILE_CSS = `
html { font-size: 20px; }
* { box-sizing: content-box; margin: 3px; padding: 2px; color: rgb(200, 0, 0); font-family: "DejaVu Serif", serif;
    line-height: 2.2; letter-spacing: 1px; word-spacing: 4px; }
body { font-size: 19px; line-height: 1.9; color: purple; text-transform: uppercase; text-align: center; }
div, span, p { line-height: 2; font-weight: 300; }
button { background: rgb(30, 60, 120); color: white; border: 3px solid black; padding: 10px 24px; border-radius: 12px;
         font-size: 18px; text-transform: uppercase; min-height: 44px; width: 120px; box-shadow: 0 2px 4px black; }
input, textarea { border: 2px solid red; padding: 12px; font-size: 20px; height: 48px; width: 100%; background: yellow; }
h1, h2, h3, h4, h5, h6 { font-size: 40px; color: green; margin: 20px; font-weight: 900; border-bottom: 2px solid; }
a { color: orange; text-decoration: underline; font-weight: bold; }
ul { list-style: square; padding-left: 40px; margin: 20px; }
li { margin-bottom: 8px; }
img { border: 4px solid blue; border-radius: 50%; padding: 4px; }
svg { width: 12px; height: 12px; fill: currentColor; vertical-align: -4px; }
`;

async function styleOf(locator: Locator) {
  return locator.evaluate((el) => {
    const s = getComputedStyle(el);
    return {
      background: s.backgroundColor,
      padding: s.padding,
      border: s.borderTopWidth,
      width: s.width,
      height: s.height,
      fontSize: s.fontSize,
      fontFamily: s.fontFamily,
      color: s.color,
      textTransform: s.textTransform,
    };
  });
}

async function addHostileSheet(page: Page) {
  await page.addStyleTag({ content: HOSTILE_CSS });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

test("the chat looks the same under an aggressive host stylesheet", async ({ browser }) => {
  const { page, context } = await hostLogin(browser, "alice");
  await page.getByRole("link", { name: /Chat/ }).click();
  const frame = page.getByTestId("chat-frame");
  // The host sizes the chat's box; pinned here so the hostile `*` margins cannot resize it.
  await frame.evaluate((el) => {
    el.setAttribute("style", "width: 1000px; height: 560px; padding: 0; margin: 0; border: 0; box-sizing: content-box");
  });
  await frame.getByTestId("chat-list-item").filter({ hasText: "Sales team" }).click();
  await expect(frame.getByTestId("chat-title")).toHaveText("Sales team");
  await frame.getByLabel("Type a message").fill("Hello, with a link https://example.com");
  await frame.getByLabel("Type a message").press("Enter");
  await expect(frame.getByTestId("message").filter({ hasText: "Hello, with a link" })).toBeVisible();
  // No focus ring or hover state in either picture.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(1270, 890);

  const chat = frame.locator(".tc-root.tc-app");
  const iconButton = frame.getByRole("button", { name: "Attach files" });
  const input = frame.getByLabel("Type a message");
  const title = frame.getByTestId("chat-title");
  const before = {
    shot: await chat.screenshot({ animations: "disabled" }),
    button: await styleOf(iconButton),
    input: await styleOf(input),
    title: await styleOf(title),
    icon: await styleOf(iconButton.locator("svg")),
  };
  fs.writeFileSync(`${SCREENSHOTS}/embed-isolation-plain-host.png`, before.shot);

  await addHostileSheet(page);
  // The hostile sheet does apply to the host's own elements (the test's control).
  expect(await styleOf(page.getByRole("heading", { name: "Team chat" }))).toMatchObject({ fontSize: "40px" });
  const after = {
    shot: await chat.screenshot({ animations: "disabled" }),
    button: await styleOf(iconButton),
    input: await styleOf(input),
    title: await styleOf(title),
    icon: await styleOf(iconButton.locator("svg")),
  };
  fs.writeFileSync(`${SCREENSHOTS}/embed-isolation-hostile-host.png`, after.shot);
  await page.screenshot({ path: `${SCREENSHOTS}/embed-isolation-hostile-page.png` });

  expect(after.button).toEqual(before.button);
  expect(after.input).toEqual(before.input);
  expect(after.title).toEqual(before.title);
  expect(after.icon).toEqual(before.icon);
  // The same picture (up to anti-aliasing: the hostile margins move the chat by a sub-pixel).
  expect(await differingPixels(page, before.shot, after.shot)).toBe(0);
  await context.close();
});

test("the chat's stylesheet changes nothing of the host page", async ({ browser }) => {
  const { page, context } = await hostLogin(browser, "alice");
  await page.getByRole("link", { name: /Chat/ }).click();
  await expect(page.getByTestId("chat-frame").getByTestId("my-name")).toHaveText("Alice Adams");
  const hostButton = page.locator(".navbar button");
  const hostParts = [
    page.locator(".navbar"),
    page.getByRole("heading", { name: "Team chat" }),
    page.locator(".host-probe"),
  ];
  const withChat = {
    shots: await Promise.all(hostParts.map((p) => p.screenshot({ animations: "disabled" }))),
    button: await styleOf(hostButton),
  };
  fs.writeFileSync(`${SCREENSHOTS}/embed-isolation-host-with-chat.png`, await page.screenshot());

  // Take every chat rule out of the page: what is left is the host's own look.
  await page.evaluate(() => {
    const strip = (list: CSSRuleList, owner: CSSStyleSheet | CSSGroupingRule) => {
      for (let i = list.length - 1; i >= 0; i--) {
        const rule = list[i];
        if (rule instanceof CSSStyleRule && rule.selectorText.includes(".tc-root")) owner.deleteRule(i);
        else if (rule instanceof CSSGroupingRule) strip(rule.cssRules, rule);
      }
    };
    for (const sheet of Array.from(document.styleSheets)) strip(sheet.cssRules, sheet);
    return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  const withoutChat = {
    shots: await Promise.all(hostParts.map((p) => p.screenshot({ animations: "disabled" }))),
    button: await styleOf(hostButton),
  };
  expect(withChat.button).toEqual(withoutChat.button);
  expect(withChat.button).toMatchObject({ background: "rgb(30, 60, 120)", padding: "6px 14px" });
  for (const [i, shot] of withChat.shots.entries()) {
    expect(await differingPixels(page, shot, withoutChat.shots[i] as Buffer, 0), `host part ${i}`).toBe(0);
  }
  await context.close();
});
