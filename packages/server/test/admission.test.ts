import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, sleep, useTestServer } from "./harness.js";

/**
 * The node's in-flight budget (MAX_INFLIGHT_EVENTS) bounds queued work; read and delivered marks
 * that wait in their batch window for one shared statement are not that work. With a budget of 4
 * and a long read window, five readers' marks wait together while a send must still be taken
 * (before, at 1,000 receivers on PGlite, such waits filled the budget and sends were refused).
 */
const server = useTestServer({ MAX_INFLIGHT_EVENTS: "4", READ_BATCH_WINDOW_MS: "600" });

describe("admission", () => {
  it("marks waiting in a batch window do not use the node's budget: a send is still taken", async () => {
    const owner = await server.user("adm-owner");
    const readers = await Promise.all([1, 2, 3, 4, 5].map((i) => server.user(`adm-r${i}`)));
    const chat = await owner.api.createGroupChat({ name: "admission", memberIds: readers.map((r) => r.id) });
    const ownerSocket = await owner.connect();
    const readerSockets = await Promise.all(readers.map((r) => r.connect()));
    const first = await request(ownerSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "one" });

    const reads = readerSockets.map((s) => request(s, "message:read", { chatId: chat.id, upToSeq: first.message.seq }));
    await sleep(150); // all five are waiting in the read window now
    const second = await request(ownerSocket, "message:send", {
      chatId: chat.id,
      clientId: newClientId(),
      body: "two",
    });
    expect(second.message.seq).toBe(first.message.seq + 1);
    const answers = await Promise.all(reads);
    expect(answers.map((a) => a.upToSeq)).toEqual(readers.map(() => first.message.seq));
  });
});
