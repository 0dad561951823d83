import { ClientEvent } from "@teamchat/protocol";
import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, useTestServer } from "../harness.js";
import { expectAlive, expectConsistentDatabase, type RawAck, rawEmit } from "./attack-kit.js";

/**
 * One user floods the server with events; the budget stops them with RATE_LIMITED and other
 * users' sends keep being acked. Counted, not timed.
 */
const BUDGET = 20;
const server = useTestServer({ RATE_LIMIT_MESSAGES_PER_10S: String(BUDGET) });

describe("event floods", () => {
  it("valid sends, junk payloads and typing floods are cut off by the rate limit; others are unaffected", async () => {
    const [flooder, b, c] = [await server.user("fl-x"), await server.user("fl-b"), await server.user("fl-c")];
    const group = await flooder.api.createGroupChat({ name: "flooded", memberIds: [b.id, c.id] });
    const [xSocket, bSocket, cSocket] = [await flooder.connect(), await b.connect(), await c.connect()];

    const flood: Promise<RawAck | "no-ack">[] = [];
    for (let i = 0; i < 300; i++) {
      flood.push(
        rawEmit(xSocket, ClientEvent.messageSend, { chatId: group.id, clientId: newClientId(), body: `f${i}` }),
      );
      flood.push(rawEmit(xSocket, ClientEvent.messageSend, { junk: i }));
      flood.push(rawEmit(xSocket, ClientEvent.typingStart, { chatId: group.id }));
    }
    // Meanwhile the others talk, one message at a time, each waiting for its ack.
    let othersAcked = 0;
    for (let i = 0; i < 10; i++) {
      const socket = i % 2 === 0 ? bSocket : cSocket;
      const ack = await request(socket, "message:send", { chatId: group.id, clientId: newClientId(), body: `ok${i}` });
      if (ack.message.seq > 0) othersAcked++;
    }
    const acks = await Promise.all(flood);
    const codes = acks.map((a) => (a === "no-ack" ? "no-ack" : a.ok ? "ok" : a.error?.code));
    const count = (code: string) => codes.filter((x) => x === code).length;

    expect(othersAcked).toBe(10);
    expect(count("no-ack")).toBe(0);
    expect(count("ok")).toBeLessThanOrEqual(BUDGET + 50); // sends within budget + typing within its own
    expect(count("RATE_LIMITED")).toBeGreaterThan(700);
    expect(count("UNAVAILABLE")).toBe(0); // one user cannot fill the node's in-flight budget
    expect(new Set(codes)).toEqual(new Set(["ok", "RATE_LIMITED", "VALIDATION_FAILED"]));
    const limited = acks.find((a) => a !== "no-ack" && a.error?.code === "RATE_LIMITED") as RawAck;
    expect(limited.error).toMatchObject({ code: "RATE_LIMITED", retryAfterMs: expect.any(Number) });

    const history = await b.api.history(group.id, { limit: 200 });
    const fromFlooder = history.messages.filter((m) => m.senderId === flooder.id && m.kind === "text");
    expect(fromFlooder.length).toBeLessThanOrEqual(BUDGET);
    expect(history.messages.filter((m) => m.body.startsWith("ok"))).toHaveLength(10);
    await expectAlive(server);
    await expectConsistentDatabase(server);
  });
});
