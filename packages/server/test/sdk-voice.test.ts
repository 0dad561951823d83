import { LIMITS, type Message } from "@teamchat/protocol";
import { ChatClient, memoryCookieJar, type PendingSend } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { OGG_OPUS, PDF } from "./fixtures/files.js";
import { sleep, until, useTestServer } from "./harness.js";

const server = useTestServer();

const PEAKS = Array.from({ length: LIMITS.voiceWaveformPeaks }, (_, i) => i);
const voice = (bytes: Buffer = OGG_OPUS) => ({
  audio: new Blob([new Uint8Array(bytes)], { type: "audio/ogg" }),
  name: "voice.ogg",
  durationMs: 2_500,
  waveform: PEAKS,
});

async function signedUp(name: string) {
  const client = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar(), ackTimeoutMs: 2_000 });
  const me = await client.register({
    username: `${name}-${Math.random().toString(36).slice(2, 8)}`,
    password: "correct horse battery",
    displayName: name,
  });
  await until(() => client.connection === "live");
  return { client, me };
}

function dropTransport(client: ChatClient) {
  (client as unknown as { socket: { io: { engine: { close(): void } } } }).socket.io.engine.close();
}

describe("SDK voice notes", () => {
  it("a voice note queued while disconnected is uploaded, then sent once, before what was written after it", async () => {
    const alice = await signedUp("alice");
    const bob = await signedUp("bob");
    const { chat } = await alice.client.call((api) => api.createDirectChat(bob.me.id));
    const inbox: Message[] = [];
    bob.client.on("message", (m) => inbox.push(m));
    const pending: PendingSend[] = [];
    alice.client.on("pending", (p) => pending.push(p));

    dropTransport(alice.client);
    await until(() => alice.client.connection !== "live");
    const queued = await alice.client.sendVoice(chat.id, voice());
    expect(queued.voice?.durationMs).toBe(2_500);
    await alice.client.sendMessage(chat.id, "and a word after it");

    await until(() => inbox.length === 2, 10_000);
    expect(inbox.map((m) => m.body)).toEqual(["", "and a word after it"]);
    expect(inbox[0]?.clientId).toBe(queued.clientId);
    expect(inbox[0]?.attachments[0]).toMatchObject({ kind: "audio", durationMs: 2_500, waveform: PEAKS });
    // The entry carried the uploaded file (not the audio) before it was sent.
    const uploaded = pending.find((p) => p.clientId === queued.clientId && p.attachments?.length === 1);
    expect(uploaded?.voice).toBeUndefined();
    await sleep(300);
    expect((await bob.client.call((api) => api.history(chat.id))).messages).toHaveLength(2);
    expect(alice.client.pendingSends()).toEqual([]);

    // Bob plays it: Alice's copy lists him.
    const played = new Promise<Message>((resolve) =>
      alice.client.on("messageUpdated", (m) => {
        if (m.playedBy.length > 0) resolve(m);
      }),
    );
    await bob.client.markPlayed(chat.id, inbox[0]?.id ?? "");
    expect((await played).playedBy).toEqual([bob.me.id]);
    alice.client.stop();
    bob.client.stop();
  });

  it("a listener who hides read receipts keeps their own 'played' state, also after a reaction fanned out to the chat", async () => {
    const alice = await signedUp("alice3");
    const bob = await signedUp("bob3");
    await bob.client.profile.updatePrivacy({ readReceipts: false });
    const { chat } = await alice.client.call((api) => api.createDirectChat(bob.me.id));
    const arrived = new Promise<Message>((resolve) => bob.client.on("message", resolve));
    await alice.client.sendVoice(chat.id, voice());
    const note = await arrived;
    const cachedNote = async () =>
      (await bob.client.cachedMessages(chat.id, { limit: 10 })).find((m) => m.id === note.id);

    await bob.client.markPlayed(chat.id, note.id);
    expect((await cachedNote())?.playedBy).toEqual([bob.me.id]);
    // Alice's reaction reaches the chat without Bob's (private) play in it: his copy keeps it.
    const reacted = new Promise<Message>((resolve) =>
      bob.client.on("messageUpdated", (m) => {
        if (m.reactions.length > 0) resolve(m);
      }),
    );
    await alice.client.react(chat.id, note.id, "👍");
    expect((await reacted).playedBy).toEqual([bob.me.id]);
    expect((await cachedNote())?.playedBy).toEqual([bob.me.id]);
    // Alice never sees it.
    const page = await alice.client.call((api) => api.history(chat.id));
    expect(page.messages.find((m) => m.id === note.id)?.playedBy).toEqual([]);
    alice.client.stop();
    bob.client.stop();
  });

  it("a voice note whose audio is refused fails (kept for the user) and does not hold back later messages", async () => {
    const alice = await signedUp("alice2");
    const bob = await signedUp("bob2");
    const { chat } = await alice.client.call((api) => api.createDirectChat(bob.me.id));
    const inbox: Message[] = [];
    bob.client.on("message", (m) => inbox.push(m));
    const failed = new Promise<PendingSend>((resolve) =>
      alice.client.on("pending", (p) => {
        if (p.status === "failed") resolve(p);
      }),
    );
    const bad = await alice.client.sendVoice(chat.id, voice(PDF));
    await alice.client.sendMessage(chat.id, "still delivered");
    expect((await failed).clientId).toBe(bad.clientId);
    await until(() => inbox.length === 1, 10_000);
    expect(inbox[0]?.body).toBe("still delivered");
    expect(alice.client.pendingSends().map((p) => p.status)).toEqual(["failed"]);
    alice.client.stop();
    bob.client.stop();
  });
});
