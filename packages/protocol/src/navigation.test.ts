import { describe, expect, it } from "vitest";
import { chatSummarySchema, messageSchema } from "./entities.js";
import { clientEventSchemas } from "./events/client-to-server.js";
import { ClientEvent, ServerEvent } from "./events/names.js";
import { serverEventSchemas } from "./events/server-to-client.js";
import { historyPageSchema, historyQuerySchema, updateGroupSettingsBodySchema } from "./rest/chats.js";
import { searchResultsSchema } from "./rest/search.js";
import { aMessage } from "./testing.js";

const id = "0190a6c4-0000-7000-8000-000000000001";
const message = aMessage({
  id,
  chatId: id,
  seq: 3,
  senderId: id,
  clientId: "client-1",
  body: "hi",
  createdAt: "2026-01-01T00:00:00.000Z",
  changeSeq: 4,
});

describe("jump to a message", () => {
  it("takes one of before, after or around", () => {
    expect(historyQuerySchema.parse({ around: "12" })).toMatchObject({ around: 12, limit: 50 });
    expect(historyQuerySchema.safeParse({ around: 12, after: 3 }).success).toBe(false);
    expect(historyQuerySchema.safeParse({ around: 0 }).success).toBe(false);
    const page = { messages: [], hasMore: true, hasOlder: true, hasNewer: false, lastSeq: 1, changeSeq: 1 };
    expect(historyPageSchema.parse(page)).toEqual(page);
  });
});

describe("replies and pins", () => {
  it("a message carries its quote and pin time, null when none; a copy without them is not the wire shape", () => {
    expect(messageSchema.safeParse(message).success).toBe(true);
    const { replyTo: _replyTo, pinnedAt: _pinnedAt, ...withoutThem } = message;
    expect(messageSchema.safeParse(withoutThem).success).toBe(false);
    const reply = {
      ...message,
      replyTo: { id, seq: 1, senderId: null, body: "", deleted: true },
      pinnedAt: "2026-01-01T00:00:00.000Z",
    };
    expect(messageSchema.parse(reply)).toEqual(reply);
    expect(messageSchema.safeParse({ ...message, replyTo: { id, seq: 1 } }).success).toBe(false);
  });

  it("send takes an optional replyToId; pin and unpin take a message reference", () => {
    const send = clientEventSchemas[ClientEvent.messageSend].payload;
    expect(send.safeParse({ chatId: id, clientId: "client-1", body: "x", replyToId: id }).success).toBe(true);
    expect(send.safeParse({ chatId: id, clientId: "client-1", body: "x", replyToId: "nope" }).success).toBe(false);
    const pin = clientEventSchemas[ClientEvent.messagePin].payload;
    expect(pin.safeParse({ chatId: id, messageId: id }).success).toBe(true);
    expect(pin.safeParse({ chatId: id }).success).toBe(false);
    const pins = serverEventSchemas[ServerEvent.chatPins];
    const pinned = { messageId: id, seq: 1, senderId: id, body: "x", pinnedAt: message.createdAt, pinnedBy: null };
    expect(pins.parse({ chatId: id, pins: [pinned] }).pins).toHaveLength(1);
    expect(chatSummarySchema.shape.pins.safeParse([pinned]).success).toBe(true);
    expect(updateGroupSettingsBodySchema.safeParse({ membersCanPin: true }).success).toBe(true);
  });
});

describe("search results", () => {
  it("carry a plain snippet with ranges and the hits grouped by chat", () => {
    const hit = { message, rank: 0.5, snippet: "hi there", highlights: [{ start: 0, end: 2 }] };
    expect(searchResultsSchema.parse({ results: [hit], groups: [{ chatId: id, results: [hit] }] }).groups).toHaveLength(
      1,
    );
    expect(searchResultsSchema.safeParse({ results: [{ ...hit, highlights: [{ start: 2, end: 0 }] }] }).success).toBe(
      false,
    );
  });
});
