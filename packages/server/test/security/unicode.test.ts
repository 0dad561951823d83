import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, useTestServer } from "../harness.js";
import { query } from "./attack-kit.js";

/**
 * Unicode that tends to get "cleaned up" by accident: invisible characters, bidi overrides,
 * stacked combining marks, ZWJ emoji sequences, astral planes, NFD vs NFC. Whatever the user
 * sent is what every path returns, code unit for code unit: the ack, history, sync, search,
 * the fan-out, and the database column itself.
 */
const server = useTestServer();

const SAMPLES: Record<string, string> = {
  zeroWidth: "a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf",
  rtlOverride: "invoice \u202Egpj.exe\u202C and \u2067isolate\u2069",
  combining: "e\u0301\u0308\u0323 Z\u0334\u0321\u0322\u034Ea\u0336l\u0337g\u0338o\u0335",
  nfdVsNfc: "caf\u00E9 / cafe\u0301",
  emojiZwj: "👩‍👩‍👧‍👦 🧑🏽‍💻 🏳️‍🌈 ❤️‍🔥",
  tagFlag: "🏴󠁧󠁢󠁳󠁣󠁴󠁿 🇺🇳",
  astral: "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𓀀 🀄 𠜎𠜱",
  variationSelectors: "☺︎ ☺️ ✔︎",
  lineSeparators: "one\u2028two\u2029three\r\nfour",
  noncharacters: "\uFFFE\uFFFF \u{10FFFF}",
};

describe("unicode round trip", () => {
  it("message bodies come back identical through ack, fan-out, history, sync, search and storage", async () => {
    const [a, b] = [await server.user("uc-a"), await server.user("uc-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const [aSocket, bSocket] = [await a.connect(), await b.connect()];
    const received: Record<string, string> = {};
    bSocket.on("message:new", (m) => {
      received[m.id] = m.body;
    });
    const sent: { id: string; token: string; body: string }[] = [];
    for (const [name, text] of Object.entries(SAMPLES)) {
      const token = `tok${name.toLowerCase()}`;
      const body = `${text} ${token}`;
      const ack = await request(aSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body });
      expect(ack.message.body, name).toBe(body);
      sent.push({ id: ack.message.id, token, body });
    }
    const history = await b.api.history(chat.id);
    const synced = await b.api.sync({ chats: [{ chatId: chat.id, since: 0 }] });
    const stored = await query<{ id: string; hex: string }>(
      server,
      `SELECT id, encode(convert_to(body, 'UTF8'), 'hex') AS hex FROM messages WHERE chat_id = '${chat.id}'`,
    );
    await expect.poll(() => Object.keys(received).length).toBe(sent.length);
    for (const { id, token, body } of sent) {
      expect(history.messages.find((m) => m.id === id)?.body, token).toBe(body);
      expect(synced.chats[0]?.changes.find((m) => m.id === id)?.body, token).toBe(body);
      expect(received[id], token).toBe(body);
      expect(stored.find((r) => r.id === id)?.hex, token).toBe(Buffer.from(body, "utf8").toString("hex"));
      const found = await a.api.search(token);
      expect(
        found.results.map((r) => r.message.body),
        token,
      ).toEqual([body]);
    }
  });

  it("names, descriptions, status and reactions keep their exact characters", async () => {
    const user = await server.user("uc-n");
    const other = await server.user("uc-o");
    const displayName = `${SAMPLES.emojiZwj?.slice(0, 11)}\u202E${SAMPLES.combining?.slice(0, 8)}`;
    expect((await user.api.updateProfile({ displayName, statusMessage: SAMPLES.zeroWidth ?? "" })).displayName).toBe(
      displayName,
    );
    expect((await other.api.user(user.id)).displayName).toBe(displayName);
    const group = await user.api.createGroupChat({
      name: SAMPLES.astral ?? "",
      description: SAMPLES.rtlOverride ?? "",
      memberIds: [other.id],
    });
    const seen = await other.api.chat(group.id);
    expect([seen.name, seen.description]).toEqual([SAMPLES.astral, SAMPLES.rtlOverride]);
    const socket = await user.connect();
    const { message } = await request(socket, "message:send", { chatId: group.id, clientId: newClientId(), body: "r" });
    for (const emoji of ["👩‍👩‍👧‍👦", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "❤️‍🔥", "🧑🏽‍💻"]) {
      const ack = await request(socket, "reaction:add", { chatId: group.id, messageId: message.id, emoji });
      expect(ack.message.reactions.map((r) => r.emoji)).toContain(emoji);
    }
  });
});
