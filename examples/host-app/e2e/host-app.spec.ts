import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN_API_TOKEN, CHAT_URL } from "../playwright.config.js";
import { hostLogin } from "./host-login.js";

const SCREENSHOTS = fileURLToPath(new URL("../../../test-results/screenshots", import.meta.url));

/**
 * The host's own look, read from the live page. Besides what host.css sets, the browser defaults
 * the host relies on: a leaked Tailwind preflight would zero paragraph margins, make boxes
 * border-box, drop heading weight and link underlines, and a leaked theme would put --color-*
 * variables on the document root.
 */
function hostStyles(page: Page) {
  return page.evaluate(() => {
    const css = (el: Element | null) => (el ? getComputedStyle(el) : null);
    const body = css(document.body);
    const h1 = css(document.querySelector("h1"));
    const navButton = css(document.querySelector(".navbar button"));
    return {
      bodyFont: body?.fontFamily,
      bodyMargin: body?.margin,
      bodyBackground: body?.backgroundColor,
      h1Color: h1?.color,
      h1Size: h1?.fontSize,
      buttonBackground: navButton?.backgroundColor,
      buttonPadding: navButton?.padding,
      buttonBorder: navButton?.borderTopWidth,
      pageBoxSizing: css(document.querySelector(".page"))?.boxSizing,
      h1Weight: h1?.fontWeight,
      linkUnderline: css(document.querySelector(".navbar a"))?.textDecorationLine,
      rootThemeVariable: getComputedStyle(document.documentElement).getPropertyValue("--color-brand"),
      paragraphMargin: css(document.querySelector(".page p, .host-probe"))?.marginTop,
    };
  });
}

const HOST_LOOK = {
  bodyFont: 'Georgia, "Times New Roman", serif',
  bodyMargin: "0px",
  bodyBackground: "rgb(250, 245, 235)",
  h1Color: "rgb(128, 0, 0)",
  h1Size: "28px",
  buttonBackground: "rgb(30, 60, 120)",
  buttonPadding: "6px 14px",
  buttonBorder: "2px",
  pageBoxSizing: "content-box",
  h1Weight: "700",
  linkUnderline: "underline",
  rootThemeVariable: "",
  paragraphMargin: "16px",
};

test("host login signs on to the embedded chat; messages flow; the navbar badge counts; host styles and store stay the host's", async ({
  browser,
}) => {
  const alice = await hostLogin(browser, "alice");
  const bob = await hostLogin(browser, "bob");

  // The host's own store works and holds only the host's state.
  await alice.page.getByRole("button", { name: "Request a day" }).click();
  await expect(alice.page.getByTestId("leave-days")).toHaveText("1");
  expect(await hostStyles(alice.page)).toEqual(HOST_LOOK);

  // Alice opens the chat through the host's router: already signed in as herself, no login screen.
  await alice.page.getByRole("link", { name: /Chat/ }).click();
  await expect(alice.page).toHaveURL(/\/chat$/);
  const hostHistoryLength = await alice.page.evaluate(() => window.history.length);
  const aliceChat = alice.page.getByTestId("chat-frame");
  await expect(aliceChat.getByTestId("my-name")).toHaveText("Alice Adams");
  await expect(aliceChat.getByRole("button", { name: "Sign in" })).toHaveCount(0);
  // The chat's CSS (Tailwind preflight included) does not reach the host's heading or buttons.
  expect(await hostStyles(alice.page)).toEqual(HOST_LOOK);

  // The admin API made the "Sales team" group from the Sales department.
  await aliceChat.getByTestId("chat-list-item").filter({ hasText: "Sales team" }).click();
  await expect(aliceChat.getByTestId("chat-title")).toHaveText("Sales team");
  // Its notice names the host app (ADMIN_API_ACTOR_NAME), not a colleague, in a look of its own.
  const notice = aliceChat.getByTestId("notice-message");
  await expect(notice).toHaveText("Group created by Acme HR");

  // Bob stays on his dashboard: the group's notice is not unread for him (it came with the
  // group); his navbar badge counts Alice's messages live.
  await expect(bob.page.getByTestId("tc-unread-badge")).toHaveCount(0);
  const box = aliceChat.getByLabel("Type a message");
  await box.fill("Hello from Alice");
  await box.press("Enter");
  await expect(bob.page.getByTestId("tc-unread-badge")).toHaveText("1");
  await box.fill("Are you there?");
  await box.press("Enter");
  await expect(bob.page.getByTestId("tc-unread-badge")).toHaveText("2");
  const looks = await noticeAndBubble(alice.page);
  // A centered pill with a border and a tint of its own, not a bubble.
  expect(looks.notice.radius).toBeGreaterThanOrEqual(looks.notice.height / 2);
  expect(looks.notice.borderWidth).toBe("1px");
  expect(Math.abs(looks.notice.center - looks.listCenter)).toBeLessThan(2);
  expect(looks.notice.background).not.toBe(looks.bubble.background);
  expect(looks.bubble.borderWidth).toBe("0px");
  await bob.page.screenshot({ path: `${SCREENSHOTS}/host-app-navbar-badge.png` });

  // Bob opens the chat, reads, replies; Alice receives it.
  await bob.page.getByRole("link", { name: /Chat/ }).click();
  const bobChat = bob.page.getByTestId("chat-frame");
  await expect(bobChat.getByTestId("my-name")).toHaveText("Bob Brown");
  await bobChat.getByTestId("chat-list-item").filter({ hasText: "Sales team" }).click();
  await expect(bobChat.getByTestId("message").filter({ hasText: "Hello from Alice" })).toBeVisible();
  await expect(bob.page.getByTestId("tc-unread-badge")).toHaveCount(0);
  await bobChat.getByLabel("Type a message").fill("Hi Alice, here");
  await bobChat.getByLabel("Type a message").press("Enter");
  await expect(aliceChat.getByTestId("message").filter({ hasText: "Hi Alice, here" })).toBeVisible();
  await alice.page.screenshot({ path: `${SCREENSHOTS}/host-app-embedded-chat.png` });

  // The chat never touched the host's router, title or store (its own routes live in memory).
  await expect(alice.page).toHaveURL(/\/chat$/);
  expect(await alice.page.evaluate(() => window.history.length)).toBe(hostHistoryLength);
  await expect(alice.page).toHaveTitle("Acme HR");
  await alice.page.getByRole("link", { name: "Dashboard" }).click();
  await expect(alice.page.getByTestId("leave-days")).toHaveText("1");
  const storeKeys = await alice.page.evaluate(() =>
    Object.keys((window as unknown as { hostStore: { getState(): object } }).hostStore.getState()),
  );
  expect(storeKeys).toEqual(["auth", "leave"]);
  expect(await hostStyles(alice.page)).toEqual(HOST_LOOK);

  await alice.context.close();
  await bob.context.close();
});

/** The computed look of the first notice's pill and of the first message bubble. */
function noticeAndBubble(page: Page) {
  return page.evaluate(() => {
    const pill = document.querySelector('[data-testid="notice-message"] > span');
    const bubble = document.querySelector('[data-testid="message"]');
    const row = document.querySelector('[data-testid="notice-message"]');
    if (!pill || !bubble || !row) throw new Error("no notice or no message on the page");
    const box = pill.getBoundingClientRect();
    const rowBox = row.getBoundingClientRect();
    const look = (el: Element) => {
      const css = getComputedStyle(el);
      return { background: css.backgroundColor, borderWidth: css.borderTopWidth };
    };
    return {
      notice: {
        ...look(pill),
        radius: Number.parseFloat(getComputedStyle(pill).borderTopLeftRadius),
        height: box.height,
        center: box.left + box.width / 2,
      },
      listCenter: rowBox.left + rowBox.width / 2,
      bubble: look(bubble),
    };
  });
}

test("deprovisioning by the host's back end ends the embedded chat session within seconds", async ({ browser }) => {
  const carol = await hostLogin(browser, "carol");
  await carol.page.getByRole("link", { name: /Chat/ }).click();
  const chat = carol.page.getByTestId("chat-frame");
  await expect(chat.getByTestId("my-name")).toHaveText("Carol Chen");

  const res = await fetch(`${CHAT_URL}/api/admin/users/emp-1003`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${ADMIN_API_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ disabled: true }),
  });
  expect(res.status).toBe(200);
  await expect(chat.getByRole("alert")).toHaveText(/The chat session has ended/);
  await expect(chat.getByTestId("my-name")).toHaveCount(0);
  // The host app itself is untouched: Carol is still signed in there.
  await expect(carol.page.getByTestId("host-user")).toHaveText("Carol Chen (HR)");
  await carol.context.close();
});
