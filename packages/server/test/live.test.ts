import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { collect, nextEvent, sleep, useTestServer } from "./harness.js";

const server = useTestServer();

describe("typing", () => {
  it("reaches the other members only (not my own tabs, not outsiders), throttled, with an expiry", async () => {
    const [a, b, outsider] = [await server.user("ty-a"), await server.user("ty-b"), await server.user("ty-out")];
    const { chat } = await a.api.createDirectChat(b.id);
    const [aTab, aOtherTab, bSocket, outSocket] = await Promise.all([
      a.connect(),
      a.connect(),
      b.connect(),
      outsider.connect(),
    ]);
    const atB = collect(bSocket, "typing:start");
    const atMyOtherTab = collect(aOtherTab, "typing:start");
    const atOutsider = collect(outSocket, "typing:start");
    for (let i = 0; i < 5; i++) await request(aTab, "typing:start", { chatId: chat.id });
    await sleep(150);
    expect(atB).toEqual([{ chatId: chat.id, userId: a.id, expiresInMs: 6000 }]);
    expect(atMyOtherTab).toEqual([]);
    expect(atOutsider).toEqual([]);

    const stop = nextEvent(bSocket, "typing:stop");
    await request(aTab, "typing:stop", { chatId: chat.id });
    expect(await stop).toEqual({ chatId: chat.id, userId: a.id });
  });

  it("is not relayed for a user who turned typing indicators off", async () => {
    const [a, b] = [await server.user("ty-off-a"), await server.user("ty-off-b")];
    await a.api.updatePrivacy({ typingIndicators: false });
    const { chat } = await a.api.createDirectChat(b.id);
    const [aSocket, bSocket] = await Promise.all([a.connect(), b.connect()]);
    const atB = collect(bSocket, "typing:start");
    await request(aSocket, "typing:start", { chatId: chat.id });
    await sleep(150);
    expect(atB).toEqual([]);
  });
});

describe("presence", () => {
  it("online while any socket is connected; offline with last seen when the last one closes", async () => {
    const [watcher, user] = [await server.user("pr-w"), await server.user("pr-u")];
    await watcher.api.createDirectChat(user.id);
    const watcherSocket = await watcher.connect();
    const updates = collect(watcherSocket, "presence:update");

    const first = await user.connect();
    const second = await user.connect();
    await sleep(100);
    expect(updates).toEqual([{ userId: user.id, online: true, lastSeenAt: null }]);

    first.disconnect();
    await sleep(150);
    expect(updates).toHaveLength(1); // still online on the second device

    const offline = nextEvent(watcherSocket, "presence:update", (p) => !p.online);
    second.disconnect();
    const update = await offline;
    expect(update.userId).toBe(user.id);
    expect(Date.now() - Date.parse(update.lastSeenAt ?? "")).toBeLessThan(5_000);

    const answer = await request(watcherSocket, "presence:query", { userIds: [user.id] });
    expect(answer.presence).toEqual([{ userId: user.id, online: false, lastSeenAt: update.lastSeenAt }]);
  });

  it("is never sent to, nor answered for, users who share no chat", async () => {
    const [stranger, user, friend] = [await server.user("pr-s"), await server.user("pr-u2"), await server.user("pr-f")];
    await friend.api.createDirectChat(user.id);
    const strangerSocket = await stranger.connect();
    const friendSocket = await friend.connect();
    const atStranger = collect(strangerSocket, "presence:update");
    const atFriend = nextEvent(friendSocket, "presence:update", (p) => p.userId === user.id);
    await user.connect();
    await atFriend;
    await sleep(100);
    expect(atStranger).toEqual([]);
    expect((await request(strangerSocket, "presence:query", { userIds: [user.id] })).presence).toEqual([]);
    expect((await request(friendSocket, "presence:query", { userIds: [user.id] })).presence).toEqual([
      { userId: user.id, online: true, lastSeenAt: null },
    ]);
  });

  it("hides last seen for a user who turned it off", async () => {
    const [watcher, hidden] = [await server.user("pr-w2"), await server.user("pr-hidden")];
    await hidden.api.updatePrivacy({ lastSeen: false });
    await watcher.api.createDirectChat(hidden.id);
    const watcherSocket = await watcher.connect();
    const socket = await hidden.connect();
    const offline = nextEvent(watcherSocket, "presence:update", (p) => p.userId === hidden.id && !p.online);
    socket.disconnect();
    expect((await offline).lastSeenAt).toBeNull();
    const answer = await request(watcherSocket, "presence:query", { userIds: [hidden.id] });
    expect(answer.presence).toEqual([{ userId: hidden.id, online: false, lastSeenAt: null }]);
  });

  it("a user who hides their last seen does not see others' (live or queried); others still do", async () => {
    const [shy, open, third] = [await server.user("pr-shy"), await server.user("pr-open"), await server.user("pr-3")];
    await shy.api.updatePrivacy({ lastSeen: false });
    const group = await third.api.createGroupChat({ name: "seen", memberIds: [shy.id, open.id] });
    expect(group.members).toHaveLength(3);
    const [shySocket, thirdSocket] = await Promise.all([shy.connect(), third.connect()]);
    const openSocket = await open.connect();
    const toShy = nextEvent(shySocket, "presence:update", (p) => p.userId === open.id && !p.online);
    const toThird = nextEvent(thirdSocket, "presence:update", (p) => p.userId === open.id && !p.online);
    openSocket.disconnect();
    expect((await toShy).lastSeenAt).toBeNull();
    expect((await toThird).lastSeenAt).not.toBeNull();
    const shyAnswer = await request(shySocket, "presence:query", { userIds: [open.id] });
    expect(shyAnswer.presence).toEqual([{ userId: open.id, online: false, lastSeenAt: null }]);
    const thirdAnswer = await request(thirdSocket, "presence:query", { userIds: [open.id] });
    expect(thirdAnswer.presence[0]?.lastSeenAt).not.toBeNull();
  });
});
