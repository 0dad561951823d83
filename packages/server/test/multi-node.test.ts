import { createSocket, request } from "@teamchat/sdk";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisPresence } from "../src/modules/presence/redis-presence.js";
import {
  collect,
  connected,
  newClientId,
  nextEvent,
  sleep,
  startTestServer,
  type TestServer,
  type TestUser,
} from "./harness.js";

const redisUrl = process.env.REDIS_URL;

/**
 * Two real nodes on one database and one Redis (a namespace of their own): rooms, fan-out,
 * membership moves, presence and typing must behave as on one node.
 */
describe.skipIf(!redisUrl)("several nodes through Redis (REDIS_URL)", () => {
  let node1: TestServer;
  let node2: TestServer;
  beforeAll(async () => {
    node1 = await startTestServer({ REDIS_URL: redisUrl ?? "" });
    node2 = await startTestServer({ REDIS_URL: redisUrl ?? "" }, { shareDatabaseWith: node1 });
  });
  afterAll(async () => {
    await node2?.stop();
    await node1?.stop();
  });

  /** A socket of `user` on node 2 (users are registered through node 1). */
  const onNode2 = async (user: TestUser) => {
    const socket = createSocket({
      serverUrl: node2.baseUrl,
      getToken: () => user.session.accessToken,
      autoConnect: false,
    });
    await connected(socket);
    return socket;
  };
  const send = (socket: Awaited<ReturnType<TestUser["connect"]>>, chatId: string, body: string) =>
    request(socket, "message:send", { chatId, clientId: newClientId(), body });

  it("fans a message out to members connected to the other node, in order", async () => {
    const [a, b] = [await node1.user("mn-a"), await node1.user("mn-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const aSocket = await a.connect();
    const bSocket = await onNode2(b);
    const seen = collect(bSocket, "message:new");
    for (let i = 1; i <= 20; i++) await send(aSocket, chat.id, `m${i}`);
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(20);
    expect(seen.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    bSocket.disconnect();
  });

  it("membership changes on one node move live sockets on the other (create, add, remove)", async () => {
    const [owner, member, late] = [await node1.user("mn-o"), await node1.user("mn-m"), await node1.user("mn-l")];
    const ownerSocket = await owner.connect();
    const memberSocket = await onNode2(member);
    const lateSocket = await onNode2(late);

    const created = nextEvent(memberSocket, "chat:created");
    const group = await owner.api.createGroupChat({ name: "across", memberIds: [member.id] });
    await created;
    const first = nextEvent(memberSocket, "message:new", (m) => m.body === "hello");
    await send(ownerSocket, group.id, "hello");
    await first;

    const added = nextEvent(lateSocket, "chat:created", (c) => c.id === group.id);
    await owner.api.addMembers(group.id, [late.id]);
    await added;
    const atLate = nextEvent(lateSocket, "message:new", (m) => m.body === "welcome");
    await send(ownerSocket, group.id, "welcome");
    await atLate;

    const removed = nextEvent(memberSocket, "chat:removed", (p) => p.chatId === group.id);
    await owner.api.removeMember(group.id, member.id);
    await removed;
    const afterRemoval = collect(memberSocket, "message:new");
    const stillThere = nextEvent(lateSocket, "message:new", (m) => m.body === "after");
    await send(ownerSocket, group.id, "after");
    await stillThere;
    await sleep(300);
    expect(afterRemoval).toEqual([]);
    await expect(request(memberSocket, "typing:start", { chatId: group.id })).rejects.toMatchObject({
      code: "NOT_A_MEMBER",
    });
    for (const s of [memberSocket, lateSocket]) s.disconnect();
  });

  it("presence counts sockets on every node; typing crosses nodes", async () => {
    const [watcher, user] = [await node1.user("mn-w"), await node1.user("mn-u")];
    const { chat } = await watcher.api.createDirectChat(user.id);
    const watcherSocket = await watcher.connect();
    const updates = collect(watcherSocket, "presence:update");

    const far = await onNode2(user);
    await expect.poll(() => updates.length, { timeout: 5_000 }).toBe(1);
    expect(updates[0]).toEqual({ userId: user.id, online: true, lastSeenAt: null });
    expect((await request(watcherSocket, "presence:query", { userIds: [user.id] })).presence).toEqual([
      { userId: user.id, online: true, lastSeenAt: null },
    ]);

    const typing = nextEvent(watcherSocket, "typing:start", (p) => p.userId === user.id);
    await request(far, "typing:start", { chatId: chat.id });
    expect((await typing).chatId).toBe(chat.id);

    const near = await user.connect();
    far.disconnect();
    await sleep(300);
    expect(updates).toHaveLength(1); // still online through node 1
    const offline = nextEvent(watcherSocket, "presence:update", (p) => p.userId === user.id && !p.online);
    near.disconnect();
    expect((await offline).lastSeenAt).not.toBeNull();
    expect(updates).toHaveLength(2);
  });
});

describe.skipIf(!redisUrl)("Redis presence of a node that died", () => {
  it("expires its sockets by TTL and exactly one surviving node announces the user offline", async () => {
    const redis = new Redis(redisUrl ?? "");
    const prefix = `tct-presence-${newClientId()}:`;
    const log = { warn: () => {} };
    const dead = new RedisPresence(redis, { prefix, nodeId: "dead", ttlMs: 600, log });
    const alive = new RedisPresence(redis, { prefix, nodeId: "alive", ttlMs: 600, log });
    const other = new RedisPresence(redis, { prefix, nodeId: "other", ttlMs: 600, log });
    try {
      // "dead" records two sockets and then never refreshes them (it was killed).
      expect(await dead.connected("u1", "s1")).toBe(true);
      expect(await dead.connected("u1", "s2")).toBe(false);
      expect(await alive.connected("u2", "s3")).toBe(true);
      expect([...(await other.onlineOf(["u1", "u2", "u3"]))].sort()).toEqual(["u1", "u2"]);

      const expired: string[] = [];
      alive.start((userId) => expired.push(userId));
      other.start((userId) => expired.push(userId));
      await expect.poll(() => expired, { timeout: 5_000 }).toEqual(["u1"]);
      await sleep(1_000);
      expect(expired).toEqual(["u1"]); // claimed once; u2's node keeps refreshing
      expect([...(await other.onlineOf(["u1", "u2"]))]).toEqual(["u2"]);
      expect(await alive.disconnected("u2", "s3")).toBe(true);
    } finally {
      await Promise.all([dead.close(), alive.close(), other.close()]);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
