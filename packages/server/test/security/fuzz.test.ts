import crypto from "node:crypto";
import { ClientEvent, type ClientEventName, clientEventSchemas } from "@teamchat/protocol";
import { type ChatSocket, request } from "@teamchat/sdk";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { newClientId, useTestServer } from "../harness.js";
import {
  expectAlive,
  expectConsistentDatabase,
  expectNoPrototypePollution,
  expectTypedAck,
  rawEmit,
} from "./attack-kit.js";

/**
 * Property: for ANY payload on ANY client event (the protocol's list), the server answers with
 * a typed ack — `ok: true` in the event's declared ack shape, or an error code from the
 * catalogue — never crashes, never pollutes prototypes, and leaves the database consistent.
 * Seeded and bounded: FUZZ_SEED / FUZZ_RUNS reproduce or widen a run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

const server = useTestServer({ MAX_INFLIGHT_EVENTS: "100000" });

const pools = { chatIds: [] as string[], messageIds: [] as string[], userIds: [] as string[] };
let socket: ChatSocket;

beforeAll(async () => {
  const [a, b, c, d] = [
    await server.user("fz-a"),
    await server.user("fz-b"),
    await server.user("fz-c"),
    await server.user("fz-d"),
  ];
  const direct = (await a.api.createDirectChat(b.id)).chat.id;
  const group = (await a.api.createGroupChat({ name: "fuzz", memberIds: [b.id, c.id] })).id;
  const foreign = (await c.api.createDirectChat(d.id)).chat.id;
  await a.api.blockUser(c.id);
  socket = await a.connect();
  const others = { b: await b.connect(), d: await d.connect() };
  const send = async (s: ChatSocket, chatId: string) =>
    (await request(s, "message:send", { chatId, clientId: newClientId(), body: "seed" })).message.id;
  pools.chatIds = [direct, group, foreign, crypto.randomUUID()];
  pools.messageIds = [
    await send(socket, direct),
    await send(socket, group),
    await send(others.b, group),
    await send(others.d, foreign),
    crypto.randomUUID(),
  ];
  pools.userIds = [a.id, b.id, c.id, d.id, crypto.randomUUID()];
}, 60_000);

const NASTY_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"];

/** Arbitrary JSON, biased towards the shapes that break handlers. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.constantFrom(...NASTY_KEYS, "chatId", "messageId", "body"), fc.jsonValue({ maxDepth: 3 })),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.constantFrom(null, undefined, 0, -1, 1e308, "", "\u0000", "\uD800", [], {}, Number.MAX_SAFE_INTEGER + 2),
);

/** A value that is valid for `field` most of the time, and anything else otherwise. */
function fieldValue(field: string): fc.Arbitrary<unknown> {
  const valid: Record<string, fc.Arbitrary<unknown>> = {
    chatId: fc.constantFrom(...pools.chatIds),
    messageId: fc.constantFrom(...pools.messageIds),
    clientId: fc.oneof(fc.uuid(), fc.constantFrom("fuzz-client-id-1", "fuzz-client-id-1")),
    body: fc.oneof(fc.string({ minLength: 1, maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 50 })),
    emoji: fc.constantFrom("👍", "❤️", "👩‍👩‍👧‍👦", "x", " ", ""),
    upToSeq: fc.oneof(fc.nat({ max: 20 }), fc.integer(), fc.constant(2 ** 31)),
    userIds: fc.array(fc.constantFrom(...pools.userIds), { maxLength: 6 }),
    replyToId: fc.constantFrom(...pools.messageIds),
    attachmentIds: fc.array(fc.uuid(), { maxLength: 3 }),
    afterClientId: fc.uuid(),
    mentions: fc.array(fc.constantFrom(...pools.userIds), { maxLength: 6 }),
    forwardOf: fc.record({
      chatId: fc.constantFrom(...pools.chatIds),
      messageId: fc.constantFrom(...pools.messageIds),
    }),
  };
  return fc.oneof({ weight: 4, arbitrary: valid[field] ?? anyJson }, { weight: 1, arbitrary: anyJson });
}

const FIELDS: Record<ClientEventName, string[]> = {
  [ClientEvent.messageSend]: [
    "chatId",
    "clientId",
    "body",
    "replyToId",
    "mentions",
    "forwardOf",
    "attachmentIds",
    "afterClientId",
  ],
  [ClientEvent.messageEdit]: ["chatId", "messageId", "body", "mentions"],
  [ClientEvent.messageDelete]: ["chatId", "messageId"],
  [ClientEvent.reactionAdd]: ["chatId", "messageId", "emoji"],
  [ClientEvent.reactionRemove]: ["chatId", "messageId", "emoji"],
  [ClientEvent.messageDelivered]: ["chatId", "upToSeq"],
  [ClientEvent.messageRead]: ["chatId", "upToSeq"],
  [ClientEvent.typingStart]: ["chatId"],
  [ClientEvent.typingStop]: ["chatId"],
  [ClientEvent.presenceQuery]: ["userIds"],
  [ClientEvent.messagePin]: ["chatId", "messageId"],
  [ClientEvent.messageUnpin]: ["chatId", "messageId"],
  [ClientEvent.messageHide]: ["chatId", "messageId"],
  [ClientEvent.messagePlayed]: ["chatId", "messageId"],
};

/** Valid-looking payloads with random mutations: fields dropped, replaced, or extra keys added. */
function mutatedPayload(event: ClientEventName): fc.Arbitrary<unknown> {
  const fields = FIELDS[event];
  const record = fc.record(Object.fromEntries(fields.map((f) => [f, fieldValue(f)])), {
    requiredKeys: [],
  });
  const extra = fc.option(fc.tuple(fc.constantFrom(...NASTY_KEYS, "admin", "senderId", "seq"), anyJson), {
    freq: 4,
  });
  return fc.tuple(record, extra).map(([payload, added]) => {
    if (!added) return payload;
    // JSON-level key, so "__proto__" travels as an own property as an attacker would send it.
    const rest = JSON.stringify(payload).slice(1, -1);
    return JSON.parse(`{${JSON.stringify(added[0])}:${JSON.stringify(added[1] ?? null)}${rest ? `,${rest}` : ""}}`);
  });
}

describe("fuzz: every client event with random payloads", () => {
  it("the fuzzed events are the protocol's every client event", () => {
    expect(Object.keys(FIELDS).sort()).toEqual(Object.values(ClientEvent).sort());
  });

  for (const event of Object.values(ClientEvent)) {
    it(`${event}: always a typed ack, never a crash`, async () => {
      const ackSchema = clientEventSchemas[event].ack;
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyJson, mutatedPayload(event), mutatedPayload(event)), async (payload) => {
          const ack = await rawEmit(socket, event, payload);
          expectTypedAck(ack, `${event} ${JSON.stringify(payload)?.slice(0, 200)}`);
          if (ack.ok) {
            const { ok: _ok, ...data } = ack;
            expect(ackSchema.safeParse(data).success, `${event} ack shape ${JSON.stringify(ack).slice(0, 200)}`).toBe(
              true,
            );
          } else {
            // Internal errors are a bug even when typed: the fuzz must never find one.
            expect(ack.error?.code, `${event} ${JSON.stringify(payload)?.slice(0, 200)}`).not.toBe("INTERNAL");
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect(socket.connected).toBe(true);
    }, 120_000);
  }

  it("afterwards: the server serves, no prototype is polluted, the database is consistent", async () => {
    await expectAlive(server);
    expectNoPrototypePollution();
    await expectConsistentDatabase(server);
  });
});
