import type { ChatSummary, Me, PublicUser } from "@teamchat/protocol";
import { ChatClient, memoryCookieJar } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { png } from "./fixtures/files.js";
import { until, useTestServer } from "./harness.js";

const server = useTestServer();

async function signedUp(name: string) {
  const client = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
  const me = await client.register({
    username: `${name}-${Math.random().toString(36).slice(2, 8)}`,
    password: "correct horse battery",
    displayName: name,
  });
  await until(() => client.connection === "live");
  return { client, me };
}

describe("SDK profile, privacy and blocks", () => {
  it("my photo, name and status reach my session and the other person's cached chats live", async () => {
    const alice = await signedUp("alice");
    const bob = await signedUp("bob");
    const { chat } = await alice.client.call((api) => api.createDirectChat(bob.me.id));
    await alice.client.sendMessage(chat.id, "hi");
    const bobChats: ChatSummary[] = [];
    bob.client.on("chat", (c) => bobChats.push(c));
    bob.client.on("chatCreated", (c) => bobChats.push(c));
    const bobHeard: PublicUser[] = [];
    bob.client.on("userUpdated", (u) => bobHeard.push(u));
    const sessions: (Me | null)[] = [];
    alice.client.on("session", (me) => sessions.push(me));
    await until(async () => (await bob.client.cachedChats()).some((c) => c.id === chat.id));

    const image = new Blob([new Uint8Array(await png(500, 200))], { type: "image/png" });
    const me = await alice.client.profile.setPhoto(image, "me.png");
    expect(me.avatarFileId).toBeTruthy();
    await alice.client.profile.update({ displayName: "Alice A.", statusMessage: "On leave" });
    expect(sessions.at(-1)).toMatchObject({ displayName: "Alice A.", statusMessage: "On leave" });
    expect(alice.client.me).toMatchObject({ displayName: "Alice A.", avatarFileId: me.avatarFileId });

    await until(() => bobHeard.some((u) => u.displayName === "Alice A."));
    const cached = (await bob.client.cachedChats()).find((c) => c.id === chat.id);
    expect(cached?.members.find((m) => m.user.id === alice.me.id)?.user).toMatchObject({
      displayName: "Alice A.",
      statusMessage: "On leave",
      avatarFileId: me.avatarFileId,
    });
    expect(bobChats.some((c) => c.members.some((m) => m.user.displayName === "Alice A."))).toBe(true);
    alice.client.stop();
    bob.client.stop();
  });

  it("privacy settings and the blocked list: each change comes back as an event", async () => {
    const carol = await signedUp("carol");
    const dave = await signedUp("dave");
    const sessions: (Me | null)[] = [];
    carol.client.on("session", (me) => sessions.push(me));
    const lists: PublicUser[][] = [];
    carol.client.on("blockedUsers", (list) => lists.push(list));

    await carol.client.profile.updatePrivacy({ readReceipts: false, lastSeen: false });
    expect(sessions.at(-1)?.privacy).toEqual({ readReceipts: false, typingIndicators: true, lastSeen: false });
    expect(carol.client.me?.privacy.lastSeen).toBe(false);

    const daveUser: PublicUser = { ...dave.me };
    await carol.client.profile.block(daveUser);
    expect(lists.at(-1)?.map((u) => u.id)).toEqual([dave.me.id]);
    expect(carol.client.profile.isBlocked(dave.me.id)).toBe(true);
    expect((await carol.client.profile.loadBlocked()).map((u) => u.id)).toEqual([dave.me.id]);
    await carol.client.profile.unblock(dave.me.id);
    expect(lists.at(-1)).toEqual([]);
    expect(await carol.client.call((api) => api.myBlocks())).toEqual([]);
    carol.client.stop();
    dave.client.stop();
  });
});
