import type { ChatSummary, Message } from "@teamchat/protocol";
import { aChat, aMessage } from "@teamchat/protocol/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CacheStore, OutboxEntry } from "./cache-store.js";

/** Deterministic uuids, so that tie-breaking by id is predictable: `uuid(1) < uuid(2)`. */
const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const CHAT_A = uuid(1);
const CHAT_B = uuid(2);
const CHAT_C = uuid(3);
const USER = uuid(900);

const chat = (id: string, lastActivityAt = "2024-05-01T12:00:00.000Z", name = "general"): ChatSummary =>
  aChat(id, { type: "group", name, createdAt: "2024-01-01T00:00:00.000Z", lastActivityAt });

/** Message ids encode chat and seq so that every message in a test is distinct. */
const messageId = (chatId: string, seq: number): string => `${chatId.slice(-4)}${String(seq).padStart(8, "0")}`;

const message = (chatId: string, seq: number, body = `message ${seq}`, changeSeq = seq): Message =>
  aMessage({
    id: messageId(chatId, seq),
    chatId,
    seq,
    senderId: USER,
    clientId: `client-${seq}`,
    body,
    createdAt: "2024-05-01T12:00:00.000Z",
    changeSeq,
  });

const messages = (chatId: string, fromSeq: number, toSeq: number): Message[] =>
  Array.from({ length: toSeq - fromSeq + 1 }, (_, i) => message(chatId, fromSeq + i));

const outboxEntry = (clientId: string, order: number, status: OutboxEntry["status"] = "sending"): OutboxEntry => ({
  clientId,
  chatId: CHAT_A,
  body: `draft ${clientId}`,
  createdAt: "2024-05-01T12:00:00.000Z",
  order,
  status,
  error: null,
  attempts: 0,
});

const seqs = (page: Message[]): number[] => page.map((m) => m.seq);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Fisher–Yates with a fixed seed, so that a failure reproduces. */
const shuffled = <T>(items: T[], seed = 42): T[] => {
  const result = [...items];
  let state = seed;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
};

/**
 * The behaviour every `CacheStore` must have. Each test gets a fresh, empty store from `make`
 * and closes it afterwards.
 */
export function describeCacheStoreContract(name: string, make: () => Promise<CacheStore>): void {
  describe(`${name} (CacheStore contract)`, () => {
    let store: CacheStore;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });

    it("starts empty", async () => {
      expect(await store.getChats()).toEqual([]);
      expect(await store.getMessages(CHAT_A, { limit: 50 })).toEqual([]);
      expect(await store.getMaxSeq(CHAT_A)).toBe(0);
      expect(await store.getOutbox()).toEqual([]);
      expect(await store.getMeta("cursor")).toBeUndefined();
    });

    describe("chats", () => {
      it("upserts by id: a newer copy replaces the older one", async () => {
        await store.putChats([chat(CHAT_A), chat(CHAT_B)]);
        await store.putChats([chat(CHAT_A, undefined, "renamed")]);
        const chats = await store.getChats();
        expect(chats.map((c) => c.id).sort()).toEqual([CHAT_A, CHAT_B]);
        expect(chats.find((c) => c.id === CHAT_A)).toEqual(chat(CHAT_A, undefined, "renamed"));
      });

      it("getChat returns one chat by id, or undefined", async () => {
        await store.putChats([chat(CHAT_A, undefined, "one")]);
        expect(await store.getChat(CHAT_A)).toEqual(chat(CHAT_A, undefined, "one"));
        expect(await store.getChat(CHAT_B)).toBeUndefined();
      });

      it("lists the newest activity first, ties by id, comparing instants across UTC offsets", async () => {
        await store.putChats([
          chat(CHAT_B, "2024-05-01T10:00:00.000Z"),
          chat(CHAT_C, "2024-05-01T12:00:00.000Z"),
          chat(CHAT_A, "2024-05-01T10:00:00.000Z"),
          // 09:30 UTC: older than the two at 10:00 although it sorts after them as a string.
          chat(uuid(4), "2024-05-01T11:30:00.000+02:00"),
        ]);
        expect((await store.getChats()).map((c) => c.id)).toEqual([CHAT_C, CHAT_A, CHAT_B, uuid(4)]);
      });

      it("replaceChats removes chats that are no longer listed, with their messages", async () => {
        await store.putChats([chat(CHAT_A), chat(CHAT_B)]);
        await store.putMessages([...messages(CHAT_A, 1, 3), ...messages(CHAT_B, 1, 3), ...messages(CHAT_C, 1, 2)]);
        await store.replaceChats([chat(CHAT_A, undefined, "renamed")]);

        expect(await store.getChats()).toEqual([chat(CHAT_A, undefined, "renamed")]);
        expect(seqs(await store.getMessages(CHAT_A, { limit: 10 }))).toEqual([1, 2, 3]);
        expect(await store.getMessages(CHAT_B, { limit: 10 })).toEqual([]);
        expect(await store.getMaxSeq(CHAT_B)).toBe(0);
        // Messages of a chat that was never listed go too: the cache mirrors the list.
        expect(await store.getMessages(CHAT_C, { limit: 10 })).toEqual([]);

        await store.replaceChats([]);
        expect(await store.getChats()).toEqual([]);
        expect(await store.getMessages(CHAT_A, { limit: 10 })).toEqual([]);
      });
    });

    describe("messages", () => {
      it("upserts by id: an edited message replaces its older copy in place", async () => {
        await store.putMessages(messages(CHAT_A, 1, 3));
        await store.putMessages([message(CHAT_A, 2, "edited", 10)]);
        const page = await store.getMessages(CHAT_A, { limit: 10 });
        expect(page.map((m) => [m.seq, m.body])).toEqual([
          [1, "message 1"],
          [2, "edited"],
          [3, "message 3"],
        ]);
      });

      it("without bounds returns the newest `limit`, ascending", async () => {
        await store.putMessages(messages(CHAT_A, 1, 10));
        expect(seqs(await store.getMessages(CHAT_A, { limit: 3 }))).toEqual([8, 9, 10]);
        expect(seqs(await store.getMessages(CHAT_A, { limit: 10 }))).toEqual(range(1, 10));
        expect(seqs(await store.getMessages(CHAT_A, { limit: 500 }))).toEqual(range(1, 10));
      });

      it("keeps the copy with the higher changeSeq; an equal changeSeq replaces", async () => {
        await store.putMessages([message(CHAT_A, 1, "edited", 9), message(CHAT_A, 2, "edited", 9)]);
        // A history page fetched before the edits arrives late, in one batch with a new message.
        await store.putMessages([message(CHAT_A, 1, "stale", 1), message(CHAT_A, 2, "stale", 2), message(CHAT_A, 3)]);
        await store.putMessages([message(CHAT_A, 3, "same changeSeq", 3)]);
        const page = await store.getMessages(CHAT_A, { limit: 10 });
        expect(page.map((m) => m.body)).toEqual(["edited", "edited", "same changeSeq"]);
      });

      it("beforeSeq is exclusive and gives the newest `limit` below it", async () => {
        await store.putMessages(messages(CHAT_A, 1, 10));
        expect(seqs(await store.getMessages(CHAT_A, { beforeSeq: 6, limit: 3 }))).toEqual([3, 4, 5]);
        expect(seqs(await store.getMessages(CHAT_A, { beforeSeq: 4, limit: 50 }))).toEqual([1, 2, 3]);
        expect(seqs(await store.getMessages(CHAT_A, { beforeSeq: 2, limit: 3 }))).toEqual([1]);
        expect(await store.getMessages(CHAT_A, { beforeSeq: 1, limit: 3 })).toEqual([]);
        expect(seqs(await store.getMessages(CHAT_A, { beforeSeq: 11, limit: 2 }))).toEqual([9, 10]);
        expect(seqs(await store.getMessages(CHAT_A, { beforeSeq: 1000, limit: 2 }))).toEqual([9, 10]);
      });

      it("afterSeq is exclusive and gives the oldest `limit` above it", async () => {
        await store.putMessages(messages(CHAT_A, 1, 10));
        expect(seqs(await store.getMessages(CHAT_A, { afterSeq: 0, limit: 3 }))).toEqual([1, 2, 3]);
        expect(seqs(await store.getMessages(CHAT_A, { afterSeq: 5, limit: 3 }))).toEqual([6, 7, 8]);
        expect(seqs(await store.getMessages(CHAT_A, { afterSeq: 8, limit: 50 }))).toEqual([9, 10]);
        expect(await store.getMessages(CHAT_A, { afterSeq: 10, limit: 3 })).toEqual([]);
        expect(await store.getMessages(CHAT_A, { afterSeq: 1000, limit: 3 })).toEqual([]);
      });

      it("with both bounds gives the oldest `limit` strictly between them", async () => {
        await store.putMessages(messages(CHAT_A, 1, 10));
        expect(seqs(await store.getMessages(CHAT_A, { afterSeq: 2, beforeSeq: 9, limit: 3 }))).toEqual([3, 4, 5]);
        expect(seqs(await store.getMessages(CHAT_A, { afterSeq: 2, beforeSeq: 6, limit: 50 }))).toEqual([3, 4, 5]);
        expect(await store.getMessages(CHAT_A, { afterSeq: 5, beforeSeq: 6, limit: 3 })).toEqual([]);
        expect(await store.getMessages(CHAT_A, { afterSeq: 7, beforeSeq: 3, limit: 3 })).toEqual([]);
      });

      it("gives an empty page for a limit below 1 and for an empty or unknown chat", async () => {
        await store.putMessages(messages(CHAT_A, 1, 5));
        expect(await store.getMessages(CHAT_A, { limit: 0 })).toEqual([]);
        expect(await store.getMessages(CHAT_A, { afterSeq: 0, limit: -1 })).toEqual([]);
        expect(await store.getMessages(CHAT_B, { limit: 50 })).toEqual([]);
        expect(await store.getMessages(CHAT_B, { beforeSeq: 3, limit: 50 })).toEqual([]);
        expect(await store.getMessages(CHAT_B, { afterSeq: 0, limit: 50 })).toEqual([]);
      });

      it("orders by seq whatever the insertion order, and skips gaps", async () => {
        const withGap = messages(CHAT_A, 1, 20).filter((m) => m.seq !== 5 && m.seq !== 6);
        for (const batch of [shuffled(withGap).slice(0, 9), shuffled(withGap).slice(9)]) await store.putMessages(batch);
        await store.putMessages([message(CHAT_A, 30)]);
        await store.putMessages([message(CHAT_A, 25), message(CHAT_A, 21)]);
        expect(seqs(await store.getMessages(CHAT_A, { limit: 100 }))).toEqual([
          ...[1, 2, 3, 4],
          ...range(7, 21),
          ...[25, 30],
        ]);
        expect(seqs(await store.getMessages(CHAT_A, { beforeSeq: 7, limit: 2 }))).toEqual([3, 4]);
        expect(seqs(await store.getMessages(CHAT_A, { afterSeq: 4, limit: 2 }))).toEqual([7, 8]);
        expect(await store.getMaxSeq(CHAT_A)).toBe(30);
      });

      it("never returns another chat's messages", async () => {
        await store.putMessages(
          shuffled([...messages(CHAT_A, 1, 5), ...messages(CHAT_B, 1, 8), ...messages(CHAT_C, 3, 4)]),
        );
        const pages = [
          await store.getMessages(CHAT_A, { limit: 50 }),
          await store.getMessages(CHAT_A, { beforeSeq: 100, limit: 50 }),
          await store.getMessages(CHAT_A, { afterSeq: 0, limit: 50 }),
        ];
        for (const page of pages) {
          expect(page.every((m) => m.chatId === CHAT_A)).toBe(true);
          expect(seqs(page)).toEqual(range(1, 5));
        }
        expect(seqs(await store.getMessages(CHAT_C, { limit: 50 }))).toEqual([3, 4]);
        expect(await store.getMaxSeq(CHAT_A)).toBe(5);
        expect(await store.getMaxSeq(CHAT_B)).toBe(8);
        expect(await store.getMaxSeq(CHAT_C)).toBe(4);
      });

      it("removeMessages removes only the listed messages of that chat", async () => {
        await store.putMessages([...messages(CHAT_A, 1, 5), ...messages(CHAT_B, 1, 5)]);
        await store.removeMessages(CHAT_A, [messageId(CHAT_A, 2), messageId(CHAT_A, 5), "unknown-id"]);
        // An id of another chat is ignored rather than deleted from that chat.
        await store.removeMessages(CHAT_A, [messageId(CHAT_B, 3)]);
        await store.removeMessages(CHAT_A, []);
        expect(seqs(await store.getMessages(CHAT_A, { limit: 50 }))).toEqual([1, 3, 4]);
        expect(seqs(await store.getMessages(CHAT_B, { limit: 50 }))).toEqual(range(1, 5));
        expect(await store.getMaxSeq(CHAT_A)).toBe(4);

        await store.removeMessages(
          CHAT_A,
          [1, 3, 4].map((seq) => messageId(CHAT_A, seq)),
        );
        expect(await store.getMaxSeq(CHAT_A)).toBe(0);
        await store.putMessages([message(CHAT_A, 7)]);
        expect(seqs(await store.getMessages(CHAT_A, { limit: 50 }))).toEqual([7]);
      });
    });

    describe("outbox", () => {
      it("lists entries by `order` (ties by clientId), whatever the insertion order", async () => {
        for (const entry of [
          outboxEntry("c3", 3),
          outboxEntry("c1", 1),
          outboxEntry("c2b", 2),
          outboxEntry("c2a", 2),
        ]) {
          await store.putOutbox(entry);
        }
        expect((await store.getOutbox()).map((e) => e.clientId)).toEqual(["c1", "c2a", "c2b", "c3"]);
      });

      it("upserts by clientId: a status change keeps the entry's place", async () => {
        await store.putOutbox(outboxEntry("c1", 1));
        await store.putOutbox(outboxEntry("c2", 2));
        const failed = { ...outboxEntry("c1", 1, "failed"), error: "RATE_LIMITED", attempts: 3 };
        await store.putOutbox(failed);
        const outbox = await store.getOutbox();
        expect(outbox.map((e) => e.clientId)).toEqual(["c1", "c2"]);
        expect(outbox[0]).toEqual(failed);
      });

      it("removes by clientId, ignoring unknown ones", async () => {
        await store.putOutbox(outboxEntry("c1", 1));
        await store.putOutbox(outboxEntry("c2", 2));
        await store.removeOutbox("c1");
        await store.removeOutbox("unknown");
        expect(await store.getOutbox()).toEqual([outboxEntry("c2", 2)]);
      });
    });

    describe("meta", () => {
      it("round-trips JSON values by key, and overwrites", async () => {
        const cursor = { chats: { [CHAT_A]: 12, [CHAT_B]: 0 }, since: "2024-05-01T12:00:00.000Z", tags: ["a", null] };
        await store.setMeta("cursor", cursor);
        await store.setMeta("count", 0);
        await store.setMeta("nothing", null);
        expect(await store.getMeta("cursor")).toEqual(cursor);
        expect(await store.getMeta("count")).toBe(0);
        expect(await store.getMeta("nothing")).toBeNull();
        await store.setMeta("count", 1);
        expect(await store.getMeta("count")).toBe(1);
        expect(await store.getMeta("other")).toBeUndefined();
      });
    });

    it("stores copies: mutating what went in or came out does not change the cache", async () => {
      const input = message(CHAT_A, 1);
      await store.putMessages([input]);
      input.body = "mutated input";
      const [output] = await store.getMessages(CHAT_A, { limit: 1 });
      if (output) output.body = "mutated output";
      const meta = { nested: { value: 1 } };
      await store.setMeta("settings", meta);
      meta.nested.value = 2;
      expect((await store.getMessages(CHAT_A, { limit: 1 }))[0]?.body).toBe("message 1");
      expect(await store.getMeta("settings")).toEqual({ nested: { value: 1 } });
    });

    it("clear() empties every table and leaves the store usable", async () => {
      await store.putChats([chat(CHAT_A)]);
      await store.putMessages(messages(CHAT_A, 1, 5));
      await store.putOutbox(outboxEntry("c1", 1));
      await store.setMeta("cursor", { seq: 5 });
      await store.clear();
      expect(await store.getChats()).toEqual([]);
      expect(await store.getMessages(CHAT_A, { limit: 50 })).toEqual([]);
      expect(await store.getMaxSeq(CHAT_A)).toBe(0);
      expect(await store.getOutbox()).toEqual([]);
      expect(await store.getMeta("cursor")).toBeUndefined();

      await store.putChats([chat(CHAT_B)]);
      await store.putMessages(messages(CHAT_B, 1, 2));
      await store.setMeta("cursor", { seq: 2 });
      expect((await store.getChats()).map((c) => c.id)).toEqual([CHAT_B]);
      expect(seqs(await store.getMessages(CHAT_B, { limit: 50 }))).toEqual([1, 2]);
      expect(await store.getMeta("cursor")).toEqual({ seq: 2 });
    });

    it("loses nothing to concurrent writes", async () => {
      await Promise.all([
        ...shuffled(messages(CHAT_A, 1, 50)).map((m) => store.putMessages([m])),
        ...range(1, 20).map((n) => store.putOutbox(outboxEntry(`c${String(n).padStart(2, "0")}`, n))),
        ...range(1, 10).map((n) => store.setMeta(`key-${n}`, { n })),
        store.putChats([chat(CHAT_A)]),
        store.putChats([chat(CHAT_B)]),
      ]);
      expect(seqs(await store.getMessages(CHAT_A, { limit: 100 }))).toEqual(range(1, 50));
      expect(await store.getMaxSeq(CHAT_A)).toBe(50);
      expect((await store.getOutbox()).map((e) => e.order)).toEqual(range(1, 20));
      expect(await Promise.all(range(1, 10).map((n) => store.getMeta(`key-${n}`)))).toEqual(
        range(1, 10).map((n) => ({ n })),
      );
      expect(await store.getChats()).toHaveLength(2);
    });

    it("pages correctly through a chat of 20,000 messages", async () => {
      const total = 20_000;
      // Batches newest first, so that most land before what is already cached.
      for (let from = total - 999; from >= 1; from -= 1000) await store.putMessages(messages(CHAT_A, from, from + 999));
      await store.putMessages(messages(CHAT_B, 1, 100));

      expect(seqs(await store.getMessages(CHAT_A, { afterSeq: 0, limit: 50 }))).toEqual(range(1, 50));
      expect(seqs(await store.getMessages(CHAT_A, { beforeSeq: 51, limit: 50 }))).toEqual(range(1, 50));
      expect(seqs(await store.getMessages(CHAT_A, { beforeSeq: 10_001, limit: 50 }))).toEqual(range(9951, 10_000));
      expect(seqs(await store.getMessages(CHAT_A, { afterSeq: 10_000, limit: 50 }))).toEqual(range(10_001, 10_050));
      expect(seqs(await store.getMessages(CHAT_A, { limit: 50 }))).toEqual(range(19_951, 20_000));
      expect(seqs(await store.getMessages(CHAT_A, { afterSeq: 19_975, limit: 50 }))).toEqual(range(19_976, 20_000));
      expect(await store.getMaxSeq(CHAT_A)).toBe(total);
    });
  });
}
