import { type ChatSocket, createSocket, request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../src/db/database.js";
import { collect, connected, newClientId, startTestServer, type TestServer, type TestUser } from "./harness.js";

const redisUrl = process.env.REDIS_URL;

/**
 * Known failure classes of the components we build on (issue 17, item 6): Socket.IO's adapter
 * and a per-node memory are no place for what must survive a node. Two real nodes share one
 * database and one Redis.
 */
describe.skipIf(!redisUrl)("failure classes across nodes (REDIS_URL)", () => {
  let node1: TestServer;
  let node2: TestServer;
  /** Sockets made here, not through the harness (which closes its own at stop). */
  const sockets: ChatSocket[] = [];
  beforeAll(async () => {
    node1 = await startTestServer({ REDIS_URL: redisUrl ?? "" });
    node2 = await startTestServer({ REDIS_URL: redisUrl ?? "" }, { shareDatabaseWith: node1 });
  });
  afterAll(async () => {
    // Closed first: a socket still open when its node stops would reconnect into the shutdown.
    for (const socket of sockets) socket.disconnect();
    await node2?.stop();
    await node1?.stop();
  });

  const socketOn = async (node: TestServer, user: TestUser): Promise<ChatSocket> => {
    const socket = createSocket({
      serverUrl: node.baseUrl,
      getToken: () => user.session.accessToken,
      autoConnect: false,
    });
    sockets.push(socket);
    await connected(socket);
    return socket;
  };

  it("a resend with the same clientId after 1 h, after a restart and through another node is stored once", async () => {
    const [a, b] = [await node1.user("fc-a"), await node1.user("fc-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const payload = { chatId: chat.id, clientId: newClientId(), body: "only once" };
    const first = await request(await socketOn(node1, a), "message:send", payload);
    expect(first.duplicate).toBe(false);

    // An hour later (the row backdated: dedup is a database constraint, not a TTL cache)…
    await node1.database.db.execute(
      sql`UPDATE messages SET created_at = created_at - interval '1 hour' WHERE id = ${first.message.id}`,
    );
    // …through the other node…
    const viaNode2 = await request(await socketOn(node2, a), "message:send", payload);
    expect(viaNode2).toMatchObject({ duplicate: true, message: { id: first.message.id, seq: first.message.seq } });
    // …and after the first node restarted.
    await node1.restart();
    const afterRestart = await request(await socketOn(node1, a), "message:send", payload);
    expect(afterRestart).toMatchObject({ duplicate: true, message: { id: first.message.id } });

    const stored = rowsOf<{ n: number }>(
      await node1.database.db.execute(
        sql`SELECT count(*)::int AS n FROM messages WHERE sender_id = ${a.id} AND client_id = ${payload.clientId}`,
      ),
    );
    expect(stored).toEqual([{ n: 1 }]);
    const history = await b.api.history(chat.id, {});
    expect(history.messages.filter((m) => m.body === "only once")).toHaveLength(1);
  });

  it("a client moving to another node mid-conversation misses nothing (live, then sync, then live)", async () => {
    const [a, b] = [await node1.user("fc-mover-a"), await node1.user("fc-mover-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const aSocket = await socketOn(node1, a);
    const send = (body: string) => request(aSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body });

    const onFirst = await socketOn(node1, b);
    const liveOnFirst = collect(onFirst, "message:new");
    for (let i = 1; i <= 10; i++) await send(`m${i}`);
    await expect.poll(() => liveOnFirst.length, { timeout: 10_000 }).toBe(10);
    const cursor = Math.max(...liveOnFirst.map((m) => m.changeSeq));

    // The connection drops (its node is going away); messages go on meanwhile.
    onFirst.disconnect();
    for (let i = 11; i <= 15; i++) await send(`m${i}`);

    // Through the load balancer it lands on the other node: live first, then the catch-up.
    const onSecond = await socketOn(node2, b);
    const liveOnSecond = collect(onSecond, "message:new");
    const caughtUp = await b.api.sync({ chats: [{ chatId: chat.id, since: cursor }] });
    for (let i = 16; i <= 20; i++) await send(`m${i}`);
    await expect.poll(() => liveOnSecond.length, { timeout: 10_000 }).toBe(5);

    const seen = new Map<number, string>();
    for (const m of [...liveOnFirst, ...(caughtUp.chats[0]?.changes ?? []), ...liveOnSecond]) seen.set(m.seq, m.body);
    expect([...seen.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(seen.get(13)).toBe("m13");
    onSecond.disconnect();
  });
});
