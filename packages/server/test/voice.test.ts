import { LIMITS, type Message } from "@teamchat/protocol";
import { ChatError, request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { OGG_OPUS, PDF, png } from "./fixtures/files.js";
import { newClientId, nextEvent, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

const PEAKS = Array.from({ length: LIMITS.voiceWaveformPeaks }, (_, i) => (i * 4) % 256);
const audioBlob = () => new Blob([new Uint8Array(OGG_OPUS)], { type: "audio/ogg" });

/** An upload with a raw query string, to send what the SDK would never build. */
async function rawUpload(u: TestUser, query: string, bytes: Buffer = OGG_OPUS, name = "voice.ogg", type = "audio/ogg") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${server.baseUrl}/api/files?${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${u.session.accessToken}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as { success: boolean; error?: { code: string } } };
}

async function pair() {
  const [alice, bob] = await Promise.all([server.user("alice"), server.user("bob")]);
  if (!alice || !bob) throw new Error("users");
  const { chat } = await alice.api.createDirectChat(bob.id);
  return { alice, bob, chat };
}

async function sendVoice(alice: TestUser, chatId: string) {
  const file = await alice.api.uploadFile(audioBlob(), "voice.ogg", { voice: { durationMs: 4_200, waveform: PEAKS } });
  const socket = await alice.connect();
  const { message } = await request(socket, "message:send", {
    chatId,
    clientId: newClientId(),
    body: "",
    attachmentIds: [file.id],
  });
  return { file, socket, message };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (err: unknown) => (err instanceof ChatError ? err.code : String(err)),
  );

describe("voice notes: upload checks", () => {
  it("stores an audio upload's duration and waveform and carries them on the message", async () => {
    const { alice, bob, chat } = await pair();
    const { file, message } = await sendVoice(alice, chat.id);
    expect(file).toMatchObject({ kind: "audio", mimeType: "audio/ogg", durationMs: 4_200, waveform: PEAKS });
    expect(message.attachments[0]).toMatchObject({ durationMs: 4_200, waveform: PEAKS });
    expect(message.playedBy).toEqual([]);
    const page = await bob.api.history(chat.id);
    expect(page.messages.at(-1)?.attachments[0]).toMatchObject({ durationMs: 4_200, waveform: PEAKS });
  });

  it("ordinary files have no voice fields", async () => {
    const { alice } = await pair();
    const file = await alice.api.uploadFile(new Blob([new Uint8Array(PDF)], { type: "application/pdf" }), "a.pdf");
    expect(file).toMatchObject({ durationMs: null, waveform: null });
  });

  it("refuses a non-audio file claiming to be a voice note", async () => {
    const { alice } = await pair();
    const voice = { voice: { durationMs: 2_000, waveform: PEAKS } };
    // A PDF named and declared as audio: its bytes say otherwise.
    const asAudio = new Blob([new Uint8Array(PDF)], { type: "audio/ogg" });
    expect(await refusal(alice.api.uploadFile(asAudio, "voice.ogg", voice))).toBe("FILE_TYPE_MISMATCH");
    // Honest about being a PDF or an image, but sent as a voice note.
    const pdf = new Blob([new Uint8Array(PDF)], { type: "application/pdf" });
    expect(await refusal(alice.api.uploadFile(pdf, "a.pdf", voice))).toBe("FILE_TYPE_MISMATCH");
    const image = new Blob([new Uint8Array(await png())], { type: "image/png" });
    expect(await refusal(alice.api.uploadFile(image, "a.png", voice))).toBe("FILE_TYPE_MISMATCH");
  });

  it("checks the waveform's shape and the duration's bounds", async () => {
    const { alice } = await pair();
    const peaks = (values: number[]) => `waveform=${values.join(",")}`;
    const bad = [
      `durationMs=2000&${peaks(PEAKS.slice(1))}`, // one peak short
      `durationMs=2000&${peaks([...PEAKS, 1])}`, // one too many
      `durationMs=2000&${peaks([256, ...PEAKS.slice(1)])}`, // a peak out of range
      `durationMs=2000&${peaks([-1, ...PEAKS.slice(1)])}`,
      `durationMs=2000&waveform=${PEAKS.map(() => "1.5").join(",")}`,
      `durationMs=2000&waveform=${encodeURIComponent(JSON.stringify(PEAKS))}`,
      `durationMs=0&${peaks(PEAKS)}`,
      `durationMs=${LIMITS.voiceMinMs - 1}&${peaks(PEAKS)}`,
      `durationMs=${LIMITS.voiceMaxMs + 1}&${peaks(PEAKS)}`,
      `durationMs=12.5&${peaks(PEAKS)}`,
      `durationMs=abc&${peaks(PEAKS)}`,
      "durationMs=2000", // a duration without a waveform
      peaks(PEAKS), // and the reverse
    ];
    for (const query of bad) {
      const res = await rawUpload(alice, query);
      expect(res.status, query).toBe(400);
      expect(res.body.error?.code, query).toBe("VALIDATION_FAILED");
    }
    const good = await rawUpload(alice, `durationMs=${LIMITS.voiceMaxMs}&${peaks(PEAKS)}`);
    expect(good.status).toBe(200);
  });
});

describe("voice notes: played", () => {
  it("a listener's play reaches the sender once, through message:updated and history", async () => {
    const { alice, bob, chat } = await pair();
    const { socket: aliceSocket, message } = await sendVoice(alice, chat.id);
    const bobSocket = await bob.connect();
    const updated = nextEvent(aliceSocket, "message:updated", (m) => m.id === message.id);
    const ack = await request(bobSocket, "message:played", { chatId: chat.id, messageId: message.id });
    expect(ack.message.playedBy).toEqual([bob.id]);
    const seen = await updated;
    expect(seen.playedBy).toEqual([bob.id]);
    expect(seen.changeSeq).toBeGreaterThan(message.changeSeq);
    // Playing it again changes nothing.
    const again = await request(bobSocket, "message:played", { chatId: chat.id, messageId: message.id });
    expect(again.message.changeSeq).toBe(seen.changeSeq);
    const page = await alice.api.history(chat.id);
    expect(page.messages.find((m: Message) => m.id === message.id)?.playedBy).toEqual([bob.id]);
  });

  it("a listener who hides read receipts is recorded but never shown to others (only to themselves)", async () => {
    const { alice, bob, chat } = await pair();
    await bob.api.updatePrivacy({ readReceipts: false });
    const { socket: aliceSocket, message } = await sendVoice(alice, chat.id);
    const bobSocket = await bob.connect();
    const updates: Message[] = [];
    aliceSocket.on("message:updated", (m) => {
      updates.push(m);
    });
    const ack = await request(bobSocket, "message:played", { chatId: chat.id, messageId: message.id });
    // Bob's own answers list his play (his "played" state on every device of his), nobody else's.
    expect(ack.message.playedBy).toEqual([bob.id]);
    expect(ack.message.changeSeq).toBe(message.changeSeq);
    const bobsPage = await bob.api.history(chat.id);
    expect(bobsPage.messages.find((m: Message) => m.id === message.id)?.playedBy).toEqual([bob.id]);
    const [bobsSync] = (await bob.api.sync({ chats: [{ chatId: chat.id, since: 0 }] })).chats;
    expect(bobsSync?.changes.find((m) => m.id === message.id)?.playedBy).toEqual([bob.id]);
    // A later change of the same chat arrives: had the play been announced, it came before it.
    const reacted = nextEvent(aliceSocket, "message:updated");
    await request(bobSocket, "reaction:add", { chatId: chat.id, messageId: message.id, emoji: "👍" });
    expect((await reacted).playedBy).toEqual([]);
    expect(updates).toHaveLength(1); // the reaction only
    const page = await alice.api.history(chat.id);
    expect(page.messages.find((m: Message) => m.id === message.id)?.playedBy).toEqual([]);
    // Sharing receipts again shows the earlier play.
    await bob.api.updatePrivacy({ readReceipts: true });
    const after = await alice.api.history(chat.id);
    expect(after.messages.find((m: Message) => m.id === message.id)?.playedBy).toEqual([bob.id]);
  });

  it("across a block a play is answered as done, announced to no one and stored nowhere (either way)", async () => {
    const { alice, bob, chat } = await pair();
    const { socket: aliceSocket, message: aliceNote } = await sendVoice(alice, chat.id);
    const { socket: bobSocket, message: bobNote } = await sendVoice(bob, chat.id);
    await alice.api.blockUser(bob.id);
    const updates: Message[] = [];
    for (const s of [aliceSocket, bobSocket]) s.on("message:updated", (m) => void updates.push(m));
    // The blocked person plays the blocker's note, the blocker plays the blocked person's.
    const byBlocked = await request(bobSocket, "message:played", { chatId: chat.id, messageId: aliceNote.id });
    const byBlocker = await request(aliceSocket, "message:played", { chatId: chat.id, messageId: bobNote.id });
    expect(byBlocked.message.playedBy).toEqual([]);
    expect(byBlocker.message.playedBy).toEqual([]);
    // A later change from each side: had a play been announced, it came before it.
    const seen = nextEvent(bobSocket, "message:updated", (m) => m.id === bobNote.id);
    await request(bobSocket, "reaction:add", { chatId: chat.id, messageId: bobNote.id, emoji: "👍" });
    await seen;
    expect(updates.every((m) => m.playedBy.length === 0)).toBe(true);
    await alice.api.unblockUser(bob.id);
    const page = await alice.api.history(chat.id);
    for (const id of [aliceNote.id, bobNote.id])
      expect(page.messages.find((m: Message) => m.id === id)?.playedBy).toEqual([]);
  });

  it("only someone else's voice note can be played", async () => {
    const { alice, bob, chat } = await pair();
    const [outsider] = await Promise.all([server.user("carol")]);
    if (!outsider) throw new Error("user");
    const { socket: aliceSocket, message } = await sendVoice(alice, chat.id);
    const text = await request(aliceSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "hi" });
    const bobSocket = await bob.connect();
    const outsiderSocket = await outsider.connect();
    const play = (s: typeof bobSocket, messageId: string) =>
      refusal(request(s, "message:played", { chatId: chat.id, messageId }));
    expect(await play(aliceSocket, message.id)).toBe("NOT_A_VOICE_MESSAGE");
    expect(await play(bobSocket, text.message.id)).toBe("NOT_A_VOICE_MESSAGE");
    expect(await play(outsiderSocket, message.id)).toBe("NOT_A_MEMBER");
  });
});
