import { type ChatSocket, request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../src/db/database.js";
import { collect, newClientId, sleep, type TestUser, useTestServer } from "./harness.js";

/**
 * Read pointers are group-committed (modules/receipts/read-batcher.ts): marks from many sockets
 * within the window are one statement, yet every ack and event is what a lone write would give.
 * The window is widened here so that marks sent together surely share it on a loaded machine.
 */
const server = useTestServer({ READ_BATCH_WINDOW_MS: "400" });

/** A value from /metrics (0 when the series does not exist yet). */
async function metric(line: RegExp): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const found = text.split("\n").find((l) => line.test(l));
  return found ? Number(found.split(" ").pop()) : 0;
}
const readStatements = () => metric(/^teamchat_receipt_batch_rows_count\{.*kind="read"/);
const readRows = () => metric(/^teamchat_receipt_batch_rows_sum\{.*kind="read"/);

async function readMoves(chatId: string, userId: string) {
  const result = await server.database.db.execute(sql`
    SELECT kind, up_to_seq AS "upToSeq" FROM receipt_moves WHERE chat_id = ${chatId} AND user_id = ${userId}
    ORDER BY kind, up_to_seq`);
  return rowsOf<{ kind: string; upToSeq: number }>(result);
}

describe("read pointers in batches", () => {
  it("reads from several sockets within the window: one statement, every ack and event right", async () => {
    const [owner, m1, m2, m3, shy, outsider] = (await Promise.all(
      ["rb-owner", "rb-m1", "rb-m2", "rb-m3", "rb-shy", "rb-out"].map((n) => server.user(n)),
    )) as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
    await shy.api.updatePrivacy({ readReceipts: false });
    const chat = await owner.api.createGroupChat({ name: "reads", memberIds: [m1.id, m2.id, m3.id, shy.id] });
    const ownerSocket = await owner.connect();
    for (let seq = 1; seq <= 6; seq++) {
      const mentions = seq === 4 ? [m1.id] : [];
      await request(ownerSocket, "message:send", {
        chatId: chat.id,
        clientId: newClientId(),
        body: `m${seq}`,
        mentions,
      });
    }
    const [m1a, m1b, m2a, m3a, m3b, shyA, shyB, outA] = (await Promise.all(
      [m1, m1, m2, m3, m3, shy, shy, outsider].map((u) => u.connect()),
    )) as [ChatSocket, ChatSocket, ChatSocket, ChatSocket, ChatSocket, ChatSocket, ChatSocket, ChatSocket];
    // m3 has read up to 5 already (its own, earlier batch).
    expect(await request(m3a, "message:read", { chatId: chat.id, upToSeq: 5 })).toEqual({ upToSeq: 5, unreadCount: 1 });
    await sleep(150); // its chat:read-state to m3's other tab is not this test's

    const seenByOwner = collect(ownerSocket, "message:read");
    const m1OtherTab = collect(m1b, "chat:read-state");
    const m3OtherTab = collect(m3b, "chat:read-state");
    const shyOtherTab = collect(shyB, "chat:read-state");
    const [statementsBefore, rowsBefore] = [await readStatements(), await readRows()];

    const read = (socket: ChatSocket, upToSeq: number) => request(socket, "message:read", { chatId: chat.id, upToSeq });
    const results = await Promise.allSettled([
      read(m1a, 1),
      read(m1b, 3), // merged with m1's other mark: both acks report 3
      read(m2a, 99), // capped at the last seq
      read(m3a, 2), // behind m3's pointer: never moves back
      read(shyA, 4),
      read(outA, 1),
    ]);
    expect(results.slice(0, 5).map((r) => (r.status === "fulfilled" ? r.value : r.reason))).toEqual([
      { upToSeq: 3, unreadCount: 3 },
      { upToSeq: 3, unreadCount: 3 },
      { upToSeq: 6, unreadCount: 0 },
      { upToSeq: 5, unreadCount: 1 },
      { upToSeq: 4, unreadCount: 2 },
    ]);
    expect(results[5]).toMatchObject({ status: "rejected", reason: { code: "NOT_A_MEMBER" } });
    // One statement for the five (chat, member) marks of the window.
    expect(await readStatements()).toBe(statementsBefore + 1);
    expect(await readRows()).toBe(rowsBefore + 5);

    await sleep(150);
    // Blue ticks for the readers who moved and share receipts; none for m3 (no move) or shy.
    expect([...seenByOwner].sort((a, b) => a.upToSeq - b.upToSeq)).toEqual([
      { chatId: chat.id, userId: m1.id, upToSeq: 3 },
      { chatId: chat.id, userId: m2.id, upToSeq: 6 },
    ]);
    // The reader's own tabs get the new pointer and counts; the @ at seq 4 is still unread for m1.
    expect(m1OtherTab).toEqual([{ chatId: chat.id, readSeq: 3, unreadCount: 3, mentionCount: 1 }]);
    expect(shyOtherTab).toEqual([{ chatId: chat.id, readSeq: 4, unreadCount: 2, mentionCount: 0 }]);
    expect(m3OtherTab).toEqual([]);
    // Stored as acked, and logged for message info (read implies delivered).
    const members = (await owner.api.chat(chat.id)).members;
    expect(members.find((m) => m.user.id === m1.id)).toMatchObject({ readSeq: 3, deliveredSeq: 3 });
    expect(await readMoves(chat.id, m1.id)).toEqual([
      { kind: "delivered", upToSeq: 3 },
      { kind: "read", upToSeq: 3 },
    ]);
    expect(await readMoves(chat.id, m3.id)).toEqual([
      { kind: "delivered", upToSeq: 5 },
      { kind: "read", upToSeq: 5 },
    ]);
  });
});
