import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { request } from "@teamchat/sdk";
import S3rver from "s3rver";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jpegWithLocation, PDF } from "./fixtures/files.js";
import { newClientId, startTestServer, type TestServer, type TestUser } from "./harness.js";

/** The whole files path with FILE_STORAGE=s3, against s3rver (a pure-JS S3 server from npm) on 127.0.0.1. */
let s3: S3rver;
let s3Dir: string;
let server: TestServer;

beforeAll(async () => {
  s3Dir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-s3-"));
  s3 = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory: s3Dir,
    silent: true,
    configureBuckets: [{ name: "chat-files", configs: [] }],
  });
  const { port } = await s3.run();
  server = await startTestServer({
    FILE_STORAGE: "s3",
    S3_BUCKET: "chat-files",
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "true",
    S3_PREFIX: "test",
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await s3?.close();
  await fs.rm(s3Dir, { recursive: true, force: true });
});

async function get(u: TestUser, url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.baseUrl}${url}`, {
    headers: { authorization: `Bearer ${u.session.accessToken}`, ...headers },
  });
  return { status: res.status, headers: res.headers, data: Buffer.from(await res.arrayBuffer()) };
}

describe("files on S3-compatible storage", () => {
  it("uploads, serves (whole, range, thumbnail) and deletes through the S3 driver", async () => {
    const [alice, bob] = await Promise.all([server.user("a"), server.user("b")]);
    if (!alice || !bob) throw new Error("users");
    const { chat } = await alice.api.createDirectChat(bob.id);
    const photo = await alice.api.uploadFile(new Blob([new Uint8Array(await jpegWithLocation())]), "p.jpg");
    const doc = await alice.api.uploadFile(new Blob([new Uint8Array(PDF)]), "d.pdf");
    expect(server.built.ctx.files?.storage.kind).toBe("s3");
    const objects = await fs.readdir(s3Dir, { recursive: true });
    expect(objects.some((f) => String(f).includes(photo.id))).toBe(true);

    const socket = await alice.connect();
    const { message } = await request(socket, "message:send", {
      chatId: chat.id,
      clientId: newClientId(),
      body: "",
      attachmentIds: [photo.id, doc.id],
    });
    expect((await get(bob, `/api/files/${doc.id}`)).data).toEqual(PDF);
    const range = await get(bob, `/api/files/${doc.id}`, { range: "bytes=0-3" });
    expect([range.status, range.data.toString()]).toEqual([206, "%PDF"]);
    const served = await get(bob, `/api/files/${photo.id}`);
    expect((await sharp(served.data).metadata()).exif).toBeUndefined();
    const thumb = await get(bob, `/api/files/${photo.id}/thumbnail`);
    expect((await sharp(thumb.data).metadata()).format).toBe("webp");

    await request(socket, "message:delete", { chatId: chat.id, messageId: message.id });
    const storage = server.built.ctx.files?.storage;
    expect(await storage?.size(`${photo.id}/original`)).toBeNull();
    expect(await storage?.size(`${photo.id}/thumbnail.webp`)).toBeNull();
    expect(await storage?.size(`${doc.id}/original`)).toBeNull();
  });
});
