import type { MessageInfo, StarredMessage } from "@teamchat/protocol";
import { ChatClient, memoryCookieJar } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { until, useTestServer } from "./harness.js";

const server = useTestServer();
const PASSWORD = "correct horse battery";

async function person(name: string) {
  const username = `${name}-${Math.random().toString(36).slice(2, 8)}`;
  const device = () => new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar(), ackTimeoutMs: 3_000 });
  const first = device();
  const me = await first.register({ username, password: PASSWORD, displayName: name });
  const second = device();
  await second.login({ username, password: PASSWORD });
  await until(() => first.connection === "live" && second.connection === "live");
  return { me, username, first, second };
}

const bodies = (list: StarredMessage[]) => list.map((s) => s.message.body);

describe("SDK: starred messages on all my devices", () => {
  it("a star on one device reaches the other live, and a device that connects later loads the list", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const { chat } = await bob.first.call((api) => api.createDirectChat(alice.me.id));
    await bob.first.sendMessage(chat.id, "remember this");
    await bob.first.sendMessage(chat.id, "and this");
    await until(async () => (await alice.first.loadHistory(chat.id, {})).messages.length === 2);
    const [one, two] = (await alice.first.loadHistory(chat.id, {})).messages;
    if (!one || !two) throw new Error("no messages");

    const seenOnSecond: StarredMessage[][] = [];
    alice.second.on("starred", (list) => seenOnSecond.push(list));
    await alice.first.starMessage(chat.id, one.id);
    expect(alice.first.starred.isStarred(one.id)).toBe(true);
    await until(() => alice.second.starred.isStarred(one.id));
    expect(bodies(seenOnSecond.at(-1) ?? [])).toEqual(["remember this"]);
    expect(bob.first.starred.current).toEqual([]);

    // The second device is away while the first stars another and unstars the first.
    alice.second.stop();
    await alice.first.starMessage(chat.id, two.id);
    await alice.first.unstarMessage(chat.id, one.id);
    expect(bodies(alice.first.starred.current)).toEqual(["and this"]);

    const third = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    await third.login({ username: alice.username, password: PASSWORD });
    await until(() => bodies(third.starred.current).join() === "and this");
    third.stop();
    alice.first.stop();
    bob.first.stop();
    bob.second.stop();
  });

  it("watchMessageInfo emits again when a member reads", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const { chat } = await alice.first.call((api) => api.createDirectChat(bob.me.id));
    await alice.first.sendMessage(chat.id, "did you read it?");
    await until(async () => (await alice.first.loadHistory(chat.id, {})).messages.length === 1);
    const [message] = (await alice.first.loadHistory(chat.id, {})).messages;
    if (!message) throw new Error("no message");
    const infos: MessageInfo[] = [];
    alice.first.on("messageInfo", (info) => infos.push(info));
    await alice.first.watchMessageInfo(chat.id, message.id);
    bob.first.markRead(chat.id, message.seq);
    await until(() => infos.at(-1)?.readCount === 1);
    expect(infos.at(-1)?.members[0]).toMatchObject({ userId: bob.me.id, read: true, delivered: true });
    alice.first.unwatchMessageInfo();
    for (const c of [alice.first, alice.second, bob.first, bob.second]) c.stop();
  });
});
