import path from "node:path";
import type { Attachment, Message } from "@teamchat/protocol";
import { ChatClient, type ChatSocket, memoryCookieJar, request } from "@teamchat/sdk";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { FileSweeper } from "../src/modules/files/file-sweeper.js";
import { EXE, filesUnder, jpegWithLocation, PDF, png, SVG } from "./fixtures/files.js";
import { newClientId, nextEvent, type TestUser, useTestServer } from "./harness.js";

const MAX_BYTES = 300_000;
const server = useTestServer({ FILE_MAX_BYTES: String(MAX_BYTES) });

const upload = (u: TestUser, bytes: Buffer, name: string, type = "") =>
  u.api.uploadFile(new Blob([new Uint8Array(bytes)], { type }), name);

/** The response with its body already read (an unread body would hold the connection open). */
async function download(u: TestUser, fileId: string, variant = "", headers: Record<string, string> = {}) {
  const res = await fetch(`${server.baseUrl}/api/files/${fileId}${variant}`, {
    headers: { authorization: `Bearer ${u.session.accessToken}`, ...headers },
  });
  const data = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, data, json: () => JSON.parse(data.toString()) };
}

const sendWith = (socket: ChatSocket, chatId: string, attachmentIds: string[], body = "") =>
  request(socket, "message:send", { chatId, clientId: newClientId(), body, attachmentIds });

async function storedFiles(): Promise<string[]> {
  const dataDir = server.built.ctx.config.dataDir;
  return [
    ...(await filesUnder(path.join(dataDir, "files"))),
    ...(await filesUnder(path.join(dataDir, "tmp", "uploads"))),
  ];
}

/** An uploader, two members and an outsider; `removed` was in the group and has been taken out. */
async function groupWithFile() {
  const [alice, bob, removed, outsider] = await Promise.all(["alice", "bob", "rem", "out"].map((n) => server.user(n)));
  if (!alice || !bob || !removed || !outsider) throw new Error("users");
  const chat = await alice.api.createGroupChat({ name: "Files", memberIds: [bob.id, removed.id] });
  const file = await upload(alice, PDF, "Quarterly report (final) é.pdf", "application/pdf");
  const socket = await alice.connect();
  const { message } = await sendWith(socket, chat.id, [file.id], "the numbers");
  await alice.api.removeMember(chat.id, removed.id);
  return { alice, bob, removed, outsider, chat, file, socket, message };
}

describe("files: upload and download authorization", () => {
  it("uploader, member: allowed; outsider and removed member: not found", async () => {
    const { alice, bob, removed, outsider, file } = await groupWithFile();
    for (const [who, status] of [
      [alice, 200],
      [bob, 200],
      [outsider, 404],
      [removed, 404],
    ] as const) {
      const res = await download(who, file.id);
      expect(res.status, who.username).toBe(status);
      if (status === 200) expect(res.data).toEqual(PDF);
      else expect(res.json()).toMatchObject({ success: false, error: { code: "FILE_NOT_FOUND" } });
    }
    const anonymous = await fetch(`${server.baseUrl}/api/files/${file.id}`);
    expect(anonymous.status).toBe(401);
  });

  it("an upload not yet sent is readable by its uploader only", async () => {
    const [alice, bob] = await Promise.all([server.user("a"), server.user("b")]);
    if (!alice || !bob) throw new Error("users");
    await alice.api.createDirectChat(bob.id);
    const file = await upload(alice, PDF, "draft.pdf", "application/pdf");
    expect((await download(alice, file.id)).status).toBe(200);
    expect((await download(bob, file.id)).status).toBe(404);
  });

  it("serves non-images as attachments with a safe name, nosniff and a sandbox policy", async () => {
    const { bob, file } = await groupWithFile();
    const res = await download(bob, file.id);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="Quarterly report _final_ _.pdf"; filename*=UTF-8''Quarterly%20report%20%28final%29%20%C3%A9.pdf`,
    );
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
  });

  it("answers byte ranges (206) and refuses ranges outside the file (416)", async () => {
    const { bob, file } = await groupWithFile();
    const part = await download(bob, file.id, "", { range: "bytes=5-14" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 5-14/${PDF.length}`);
    expect(part.data).toEqual(PDF.subarray(5, 15));
    const tail = await download(bob, file.id, "", { range: "bytes=-6" });
    expect(tail.data.toString()).toBe("%%EOF\n");
    const outside = await download(bob, file.id, "", { range: `bytes=${PDF.length}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers.get("content-range")).toBe(`bytes */${PDF.length}`);
  });

  it("only the uploader can attach a file; a refused attachment stores no message", async () => {
    const { bob, chat, file } = await groupWithFile();
    const socket = await bob.connect();
    await expect(sendWith(socket, chat.id, [file.id], "mine now")).rejects.toMatchObject({
      code: "ATTACHMENT_NOT_ALLOWED",
    });
    const page = await bob.api.history(chat.id);
    expect(page.messages.some((m) => m.body === "mine now")).toBe(false);
    await expect(sendWith(socket, chat.id, [crypto.randomUUID()], "ghost")).rejects.toMatchObject({
      code: "ATTACHMENT_NOT_ALLOWED",
    });
  });
});

describe("files: attachments travel with messages", () => {
  it("several files on one message, caption as body, live, in history, in sync and in the chat's media", async () => {
    const [alice, bob] = await Promise.all([server.user("a"), server.user("b")]);
    if (!alice || !bob) throw new Error("users");
    const { chat } = await alice.api.createDirectChat(bob.id);
    const [photo, doc] = await Promise.all([
      upload(alice, await png(), "p.png", "image/png"),
      upload(alice, PDF, "d.pdf"),
    ]);
    if (!photo || !doc) throw new Error("uploads");
    const [aSocket, bSocket] = await Promise.all([alice.connect(), bob.connect()]);
    const live = nextEvent(bSocket, "message:new", (m) => m.chatId === chat.id);
    const { message } = await sendWith(aSocket, chat.id, [photo.id, doc.id], "");
    expect(message.body).toBe("");
    expect(message.attachments?.map((a) => a.id)).toEqual([photo.id, doc.id]);
    expect((await live).attachments).toEqual(message.attachments);

    const history = await bob.api.history(chat.id);
    expect(history.messages.at(-1)?.attachments).toEqual(message.attachments);
    const synced = await bob.api.sync({ chats: [{ chatId: chat.id, since: 0 }] });
    const change = synced.chats[0]?.changes.find((m: Message) => m.id === message.id);
    expect(change?.attachments).toEqual(message.attachments);

    const images = await bob.api.chatMedia(chat.id, { kind: "image" });
    expect(images.items.map((i) => i.file.id)).toEqual([photo.id]);
    const others = await bob.api.chatMedia(chat.id, { kind: "file" });
    expect(others.items.map((i) => i.file.id)).toEqual([doc.id]);
  });

  it("the SDK uploads, sends files through its outbox, and the receiver fetches the bytes", async () => {
    const client = () => new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    const [alice, bob] = [client(), client()];
    const suffix = Math.random().toString(36).slice(2, 8);
    await alice.register({ username: `sa-${suffix}`, password: "correct horse battery", displayName: "A" });
    const bobMe = await bob.register({ username: `sb-${suffix}`, password: "correct horse battery", displayName: "B" });
    const received = new Promise<Message>((resolve) => bob.on("message", resolve));
    const { chat } = await alice.call((api) => api.createDirectChat(bobMe.id));
    const file = await alice.uploadFile(new Blob([new Uint8Array(PDF)]), "minutes.pdf");
    const pending = await alice.sendMessage(chat.id, "minutes attached", { attachments: [file] });
    expect(pending.attachments?.map((a) => a.id)).toEqual([file.id]);
    const message = await received;
    expect(message.attachments).toEqual([file]);
    expect(Buffer.from(await (await bob.fileBlob(file.id)).arrayBuffer())).toEqual(PDF);
    expect((await bob.chatMedia(chat.id, { kind: "file" })).items[0]?.file.id).toBe(file.id);
    await Promise.all([alice.logout(), bob.logout()]);
  });

  it("an empty message without files is still refused", async () => {
    const [alice, bob] = await Promise.all([server.user("a"), server.user("b")]);
    if (!alice || !bob) throw new Error("users");
    const { chat } = await alice.api.createDirectChat(bob.id);
    const socket = await alice.connect();
    await expect(sendWith(socket, chat.id, [], "  ")).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });
});

describe("files: images", () => {
  it("records upright dimensions, a WebP thumbnail and a blurred placeholder; EXIF (GPS) is stripped", async () => {
    const alice = await server.user("img");
    const original = await jpegWithLocation(64, 32);
    const originalMeta = await sharp(original).metadata();
    expect([originalMeta.exif !== undefined, originalMeta.orientation]).toEqual([true, 6]); // the fixture carries both
    const file: Attachment = await upload(alice, original, "holiday.jpg", "image/jpeg");
    // Orientation 6 means "turn 90°": served upright, so 32 wide and 64 high.
    expect(file).toMatchObject({ kind: "image", mimeType: "image/jpeg", width: 32, height: 64, hasThumbnail: true });
    expect(file.placeholder).toMatch(/^data:image\/webp;base64,/);
    const tiny = await sharp(Buffer.from(file.placeholder?.split(",")[1] ?? "", "base64")).metadata();
    expect(Math.max(tiny.width ?? 0, tiny.height ?? 0)).toBeLessThanOrEqual(16);

    const served = await download(alice, file.id);
    expect(served.headers.get("content-disposition")).toMatch(/^inline; /);
    const servedBytes = served.data;
    const meta = await sharp(servedBytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(servedBytes.includes(Buffer.from("SpyCam"))).toBe(false);
    expect([meta.width, meta.height]).toEqual([32, 64]);

    const thumb = await download(alice, file.id, "/thumbnail");
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    const thumbMeta = await sharp(thumb.data).metadata();
    expect(thumbMeta.format).toBe("webp");
    expect([thumbMeta.width, thumbMeta.height]).toEqual([32, 64]); // never enlarged
  });

  it("large images get a thumbnail of at most 480 px on the long side", async () => {
    const alice = await server.user("big");
    const file = await upload(alice, await png(1200, 600), "wide.png", "image/png");
    expect([file.width, file.height]).toEqual([1200, 600]);
    const thumb = await sharp((await download(alice, file.id, "/thumbnail")).data).metadata();
    expect([thumb.width, thumb.height]).toEqual([480, 240]);
  });
});

describe("files: refused uploads leave nothing behind", () => {
  const cases: [string, () => Promise<[Buffer, string, string]>, string][] = [
    [
      "bytes that do not match the declared type",
      async () => [await png(), "photo.jpg", "image/jpeg"],
      "FILE_TYPE_MISMATCH",
    ],
    ["bytes that do not match the name", async () => [await png(), "report.pdf", ""], "FILE_TYPE_MISMATCH"],
    ["text named as an image", async () => [Buffer.from("just text"), "cat.png", "image/png"], "FILE_TYPE_MISMATCH"],
    ["an SVG", async () => [SVG, "logo.svg", "image/svg+xml"], "FILE_TYPE_NOT_ALLOWED"],
    ["an SVG disguised as text", async () => [SVG, "notes.txt", "text/plain"], "FILE_TYPE_NOT_ALLOWED"],
    ["an executable", async () => [EXE, "setup.exe", "application/x-msdownload"], "FILE_TYPE_NOT_ALLOWED"],
    ["an executable disguised as a PDF", async () => [EXE, "invoice.pdf", "application/pdf"], "FILE_TYPE_NOT_ALLOWED"],
    ["a path-traversal name", async () => [Buffer.from("hi"), "../../etc/passwd", "text/plain"], "FILE_NAME_INVALID"],
    [
      "a Windows path-traversal name",
      async () => [Buffer.from("hi"), "..\\..\\boot.ini", "text/plain"],
      "FILE_NAME_INVALID",
    ],
    ["an over-size upload", async () => [Buffer.alloc(MAX_BYTES + 1, 97), "big.txt", "text/plain"], "FILE_TOO_LARGE"],
  ];
  it.each(cases)("%s", async (_label, make, code) => {
    const u = await server.user("bad");
    const before = await storedFiles();
    const [bytes, name, type] = await make();
    await expect(upload(u, bytes, name, type)).rejects.toMatchObject({ code });
    expect(await storedFiles()).toEqual(before);
  });

  it("a plain text file and an upload exactly at the limit are accepted", async () => {
    const u = await server.user("ok");
    const text = await upload(u, Buffer.from("meeting notes\nline 2"), "notes.txt", "text/plain");
    expect(text).toMatchObject({ kind: "file", mimeType: "text/plain; charset=utf-8", size: 20 });
    const full = await upload(u, Buffer.alloc(MAX_BYTES, 97), "full.txt");
    expect(full.size).toBe(MAX_BYTES);
  });
});

describe("files: cleanup", () => {
  it("deleting a message for everyone removes its files unless another message still carries them", async () => {
    const [alice, bob] = await Promise.all([server.user("a"), server.user("b")]);
    if (!alice || !bob) throw new Error("users");
    const { chat } = await alice.api.createDirectChat(bob.id);
    const socket = await alice.connect();
    const [only, shared] = await Promise.all([
      upload(alice, PDF, "only.pdf"),
      upload(alice, await png(), "shared.png"),
    ]);
    if (!only || !shared) throw new Error("uploads");
    const first = (await sendWith(socket, chat.id, [only.id, shared.id], "first")).message;
    const second = (await sendWith(socket, chat.id, [shared.id], "again")).message;
    const storage = server.built.ctx.files?.storage;
    if (!storage) throw new Error("no storage");

    const deleted = await request(socket, "message:delete", { chatId: chat.id, messageId: first.id });
    expect(deleted.message.attachments).toEqual([]);
    expect((await download(bob, only.id)).status).toBe(404);
    expect(await storage.size(`${only.id}/original`)).toBeNull();
    expect((await download(bob, shared.id)).status).toBe(200);

    await request(socket, "message:delete", { chatId: chat.id, messageId: second.id });
    expect((await download(alice, shared.id)).status).toBe(404);
    expect(await storage.size(`${shared.id}/original`)).toBeNull();
    expect(await storage.size(`${shared.id}/thumbnail.webp`)).toBeNull();
  });

  it("the sweep deletes uploads never attached after a day, and nothing else", async () => {
    const [alice, bob] = await Promise.all([server.user("a"), server.user("b")]);
    if (!alice || !bob) throw new Error("users");
    const { chat } = await alice.api.createDirectChat(bob.id);
    const socket = await alice.connect();
    const [kept, forgotten] = await Promise.all([upload(alice, PDF, "sent.pdf"), upload(alice, PDF, "forgotten.pdf")]);
    if (!kept || !forgotten) throw new Error("uploads");
    await sendWith(socket, chat.id, [kept.id], "sent");
    const files = server.built.ctx.files;
    if (!files) throw new Error("no files service");
    const hour = 3_600_000;

    await new FileSweeper(server.database.db, files, () => new Date(Date.now() + 23 * hour)).sweep();
    expect((await download(alice, forgotten.id)).status).toBe(200);

    await new FileSweeper(server.database.db, files, () => new Date(Date.now() + 25 * hour)).sweep();
    expect((await download(alice, forgotten.id)).status).toBe(404);
    expect(await files.storage.size(`${forgotten.id}/original`)).toBeNull();
    expect((await download(bob, kept.id)).status).toBe(200);
  });
});
