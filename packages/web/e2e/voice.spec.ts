import { expect, type Page, test } from "@playwright/test";
import config from "../../../playwright.config.js";
import { newUser, openChat, SCREENSHOTS, startDirectChat } from "./helpers.js";

// Chromium's fake microphone (a beeping test signal) and no permission prompt, for this file only.
const base = config.use?.launchOptions ?? {};
test.use({
  launchOptions: {
    ...base,
    args: [
      ...(base.args ?? []),
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      // The next voice note starts by itself when one ends.
      "--autoplay-policy=no-user-gesture-required",
    ],
  },
});

const mic = (page: Page) => page.getByRole("button", { name: "Record voice message" });
const notes = (page: Page) => page.getByTestId("voice-note");

/** Tap the mic (a locked recording), let it run, then send it with the button. */
async function recordLocked(page: Page, ms: number, screenshot?: string) {
  await mic(page).click();
  await expect(page.getByTestId("voice-recording")).toHaveAttribute("data-locked", "true");
  await page.waitForTimeout(ms);
  if (screenshot) await page.screenshot({ path: `${SCREENSHOTS}/${screenshot}` });
  await page.getByRole("button", { name: "Send voice message" }).click();
  await expect(page.getByTestId("voice-recording")).toHaveCount(0);
}

test("voice notes: hold to record, slide to cancel, tap to lock; the other side plays them at 2×, one after another; the sender sees played", async ({
  browser,
}) => {
  const ann = await newUser(browser, "Ann");
  const bob = await newUser(browser, "Bob");
  await startDirectChat(ann.page, "Bob", bob.username);

  // Hold to record with a live timer, release to send.
  await mic(ann.page).hover();
  await ann.page.mouse.down();
  await expect(ann.page.getByTestId("voice-timer")).toHaveText("0:01");
  await ann.page.waitForTimeout(300);
  await ann.page.mouse.up();
  await expect(notes(ann.page)).toHaveCount(1);

  // Slide left while holding: cancelled, nothing sent.
  await mic(ann.page).hover();
  await ann.page.mouse.down();
  await expect(ann.page.getByTestId("voice-recording")).toBeVisible();
  await ann.page.waitForTimeout(800);
  const box = await mic(ann.page).boundingBox();
  if (!box) throw new Error("no mic");
  await ann.page.mouse.move(box.x - 150, box.y + box.height / 2, { steps: 8 });
  await expect(ann.page.getByTestId("voice-recording")).toHaveCount(0);
  await ann.page.mouse.up();

  // Tap to lock, then send by button.
  await recordLocked(ann.page, 1_200, "voice-recording-locked.png");
  await expect(notes(ann.page)).toHaveCount(2);
  const mine = ann.page.locator('[data-testid="message"][data-mine]');
  await expect(mine.locator("[data-tick]")).toHaveCount(2);
  await expect(mine.locator('[data-tick="sending"]')).toHaveCount(0);
  await expect(ann.page.getByTestId("voice-played").first()).toHaveAttribute("aria-label", "Not played yet");

  await openChat(bob.page, "Ann");
  await expect(notes(bob.page)).toHaveCount(2);
  const [first, second] = [notes(bob.page).nth(0), notes(bob.page).nth(1)];
  await expect(first.getByRole("img", { name: "Not played yet" })).toBeVisible();
  // The waveform has the protocol's 64 bars and the duration shows before playing.
  await expect(first.getByTestId("voice-waveform").locator("span")).toHaveCount(64);
  await expect(first.getByTestId("voice-time")).toHaveText(/^0:0[1-3]$/);

  // 1× → 1.5× → 2×.
  await first.getByTestId("voice-rate").click();
  await first.getByTestId("voice-rate").click();
  await expect(first.getByTestId("voice-rate")).toHaveText("2×");
  // Seeking on the (paused) waveform: a click three quarters along moves the position there.
  const bar = await first.getByTestId("voice-waveform").boundingBox();
  if (!bar) throw new Error("no waveform");
  await bob.page.mouse.click(bar.x + bar.width * 0.75, bar.y + bar.height / 2);
  await expect(first).toHaveAttribute("data-position", /^(7[0-9]|80)$/);
  await expect.poll(() => first.locator("audio").evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0.5);
  await expect(first).not.toHaveAttribute("data-playing", "true");

  // Play it from there at 2× (short: it may end at once, so check what stays: its speed and played state).
  await first.getByRole("button", { name: "Play voice message" }).click();
  await expect.poll(() => first.locator("audio").evaluate((a: HTMLAudioElement) => a.playbackRate)).toBe(2);
  await expect(first.getByRole("img", { name: "Not played yet" })).toHaveCount(0);

  // When it ends, the next voice note plays by itself (nobody presses its Play), at the same speed.
  await expect(second.getByRole("img", { name: "Not played yet" })).toHaveCount(0, { timeout: 15_000 });
  await expect
    .poll(() => second.locator("audio").evaluate((a: HTMLAudioElement) => a.currentTime > 0 || a.ended))
    .toBe(true);
  await expect.poll(() => second.locator("audio").evaluate((a: HTMLAudioElement) => a.playbackRate)).toBe(2);
  await expect(second).not.toHaveAttribute("data-playing", "true", { timeout: 15_000 });
  await bob.page.screenshot({ path: `${SCREENSHOTS}/voice-listened.png` });

  // Ann sees both as played (the blue mic).
  await expect(ann.page.locator('[data-testid="voice-played"][data-played]')).toHaveCount(2);
  await ann.page.screenshot({ path: `${SCREENSHOTS}/voice-played.png` });
  await ann.context.close();
  await bob.context.close();
});

test("voice notes: one recorded offline is kept with its audio through a reload, then arrives exactly once", async ({
  browser,
}) => {
  const cid = await newUser(browser, "Cid");
  const dot = await newUser(browser, "Dot");
  await startDirectChat(cid.page, "Dot", dot.username);
  await recordLocked(cid.page, 800);
  const clocks = cid.page.locator('[data-testid="message"][data-mine] [data-tick="sending"]');
  await expect(cid.page.locator('[data-testid="message"][data-mine] [data-tick]')).toHaveCount(1);
  await expect(clocks).toHaveCount(0);
  await cid.page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });

  await cid.context.setOffline(true);
  await expect(cid.page.getByTestId("connection-banner")).toContainText("offline");
  await recordLocked(cid.page, 1_200);
  await expect(notes(cid.page)).toHaveCount(2);
  await expect(clocks).toHaveCount(1);

  // Reload without network: the queued voice note (and its audio) comes back from IndexedDB.
  await cid.page.reload();
  await expect(cid.page.getByTestId("connection-banner")).toContainText("offline");
  await openChat(cid.page, "Dot");
  await expect(clocks).toHaveCount(1);
  await expect(notes(cid.page)).toHaveCount(2);

  await cid.context.setOffline(false);
  await expect(clocks).toHaveCount(0, { timeout: 30_000 });
  await openChat(dot.page, "Cid");
  await expect(notes(dot.page)).toHaveCount(2);
  await expect(notes(dot.page).nth(1).getByTestId("voice-time")).toHaveText(/^0:0[1-3]$/);
  // Nothing arrives twice, neither live nor after a reload from the server.
  await dot.page.waitForTimeout(1_000);
  await expect(notes(dot.page)).toHaveCount(2);
  await dot.page.reload();
  await openChat(dot.page, "Cid");
  await expect(notes(dot.page)).toHaveCount(2);
  await cid.context.close();
  await dot.context.close();
});
