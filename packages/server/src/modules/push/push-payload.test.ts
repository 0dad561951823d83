import { describe, expect, it } from "vitest";
import { buildPushPayload, PREVIEW_MAX_CHARS, previewOf, topicFor } from "./push-payload.js";

const chatId = "0b6f7c3e-8a4d-4f7e-9b1a-2c3d4e5f6a7b";

describe("buildPushPayload", () => {
  it("titles a direct message with the sender's name and links to the chat", () => {
    const payload = buildPushPayload({ chatId, chatType: "direct", chatName: null, senderName: "Ada", body: "hi" });
    expect(payload).toEqual({ type: "message", chatId, title: "Ada", body: "hi", url: `/chats/${chatId}` });
  });

  it('titles a group message "Sender @ Group"', () => {
    const payload = buildPushPayload({ chatId, chatType: "group", chatName: "Ops", senderName: "Ada", body: "x" });
    expect(payload.title).toBe("Ada @ Ops");
  });

  it("says what a message without text is: a voice note or files", () => {
    const base = { chatId, chatType: "direct" as const, chatName: null, senderName: "Ada", body: "" };
    expect(buildPushPayload({ ...base, voice: true }).body).toBe("🎤 Voice message");
    expect(buildPushPayload(base).body).toBe("📎 Sent a file");
    expect(buildPushPayload({ ...base, body: "listen", voice: true }).body).toBe("listen");
  });

  it("names a deleted sender neutrally", () => {
    const payload = buildPushPayload({ chatId, chatType: "direct", chatName: null, senderName: null, body: "x" });
    expect(payload.title).toBe("Someone");
  });
});

describe("previewOf", () => {
  it("keeps a short body as one line", () => {
    expect(previewOf("  line one\n\nline   two ")).toBe("line one line two");
  });

  it(`truncates to ${PREVIEW_MAX_CHARS} characters with an ellipsis`, () => {
    const preview = previewOf("a".repeat(500));
    expect(Array.from(preview)).toHaveLength(PREVIEW_MAX_CHARS);
    expect(preview.endsWith("…")).toBe(true);
  });

  it("never cuts an emoji in half", () => {
    const preview = previewOf("😀".repeat(200));
    expect(Array.from(preview)).toHaveLength(PREVIEW_MAX_CHARS);
    expect(preview.slice(0, -1)).toBe("😀".repeat(PREVIEW_MAX_CHARS - 1));
  });

  it("keeps a body of exactly the limit whole", () => {
    expect(previewOf("b".repeat(PREVIEW_MAX_CHARS))).toBe("b".repeat(PREVIEW_MAX_CHARS));
  });
});

describe("topicFor", () => {
  it("shortens a chat id to at most 32 URL-safe characters", () => {
    const topic = topicFor(chatId);
    expect(topic.length).toBeLessThanOrEqual(32);
    expect(topic).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(topic).toBe(chatId.replaceAll("-", ""));
  });
});
