import { chatSummarySchema } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import { nextEvent, useTestServer } from "./harness.js";

const server = useTestServer();

describe("PATCH /api/chats/:chatId/settings (mute, archive, pin)", () => {
  it("stores my settings, tells all my devices at once, and the chat list carries them", async () => {
    const [me, other] = [await server.user("cs-me"), await server.user("cs-other")];
    const { chat } = await me.api.createDirectChat(other.id);
    const [phone, laptop] = await Promise.all([me.connect(), me.connect()]);
    const atLaptop = nextEvent(laptop, "chat:settings");
    const before = Date.now();
    const settings = await me.api.updateChatSettings(chat.id, { mute: "8h", pinned: true });
    expect(settings).toMatchObject({ chatId: chat.id, archived: false, pinned: true });
    const mutedFor = Date.parse(settings.mutedUntil ?? "") - before;
    expect(mutedFor).toBeGreaterThan(8 * 3_600_000 - 60_000);
    expect(mutedFor).toBeLessThan(8 * 3_600_000 + 60_000);
    expect(await atLaptop).toEqual(settings);
    phone.disconnect();

    const listed = chatSummarySchema.parse((await me.api.chats())[0]);
    expect(listed).toMatchObject({ pinned: true, archived: false, mutedUntil: settings.mutedUntil });
    // They are mine only: the other member's view is untouched.
    expect(await other.api.chat(chat.id)).toMatchObject({ pinned: false, archived: false, mutedUntil: null });

    const always = await me.api.updateChatSettings(chat.id, { mute: "always", archived: true, pinned: false });
    expect(Date.parse(always.mutedUntil ?? "")).toBeGreaterThan(Date.parse("9000-01-01"));
    expect(always).toMatchObject({ archived: true, pinned: false });
    expect((await me.api.updateChatSettings(chat.id, { mute: "off" })).mutedUntil).toBeNull();
  });

  it("refuses non-members, unknown chats and empty or unknown settings", async () => {
    const [a, b, x] = [await server.user("cs-a"), await server.user("cs-b"), await server.user("cs-x")];
    const { chat } = await a.api.createDirectChat(b.id);
    await expect(x.api.updateChatSettings(chat.id, { pinned: true })).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    await expect(
      a.api.updateChatSettings("88888888-8888-4888-8888-888888888888", { pinned: true }),
    ).rejects.toMatchObject({ code: "CHAT_NOT_FOUND" });
    await expect(a.api.updateChatSettings(chat.id, {})).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(a.api.updateChatSettings(chat.id, { mute: "forever" as never })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });
});
