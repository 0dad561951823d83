import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FILE_KIND_GROUPS } from "../../config.js";
import { detectType } from "./detect-type.js";

const dir = await fs.mkdtemp(path.join(os.tmpdir(), "detect-type-"));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));
let n = 0;
async function fileWith(bytes: Buffer | string): Promise<string> {
  const file = path.join(dir, String(n++));
  await fs.writeFile(file, bytes);
  return file;
}
const PDF = "%PDF-1.4\n%%EOF\n";
/** ID3 header then an MPEG audio frame sync: what file-type reads as mp3. */
const MP3 = Buffer.concat([
  Buffer.from("ID3"),
  Buffer.from([4, 0, 0, 0, 0, 0, 0]),
  Buffer.from([0xff, 0xfb, 0x90, 0x64]),
  Buffer.alloc(400),
]);

describe("detectType", () => {
  it("trusts the bytes, not the claim, and serves the canonical type", async () => {
    expect(
      await detectType(await fileWith(PDF), { name: "a.pdf", mimeType: "application/octet-stream" }, FILE_KIND_GROUPS),
    ).toEqual({
      mimeType: "application/pdf",
      kind: "file",
      detectedExt: "pdf",
    });
    expect(
      await detectType(await fileWith(MP3), { name: "song.mp3", mimeType: "audio/mp3" }, FILE_KIND_GROUPS),
    ).toMatchObject({
      mimeType: "audio/mpeg",
      kind: "audio",
    });
  });

  it("refuses kinds switched off in FILE_ALLOWED_KINDS", async () => {
    const pdf = await fileWith(PDF);
    await expect(detectType(pdf, { name: "a.pdf", mimeType: "" }, ["image", "text"])).rejects.toMatchObject({
      code: "FILE_TYPE_NOT_ALLOWED",
    });
    const text = await fileWith("hello");
    await expect(detectType(text, { name: "a.txt", mimeType: "text/plain" }, ["pdf"])).rejects.toMatchObject({
      code: "FILE_TYPE_NOT_ALLOWED",
    });
  });

  it("refuses text under a name it cannot be served as, and binary noise", async () => {
    await expect(
      detectType(await fileWith("echo hi"), { name: "run.sh", mimeType: "" }, FILE_KIND_GROUPS),
    ).rejects.toMatchObject({
      code: "FILE_TYPE_NOT_ALLOWED",
    });
    await expect(
      detectType(await fileWith(Buffer.from([0, 1, 2, 3, 254, 255])), { name: "blob", mimeType: "" }, FILE_KIND_GROUPS),
    ).rejects.toMatchObject({ code: "FILE_TYPE_NOT_ALLOWED" });
    await expect(
      detectType(
        await fileWith("<!DOCTYPE html><script>x</script>"),
        { name: "page.txt", mimeType: "text/plain" },
        FILE_KIND_GROUPS,
      ),
    ).rejects.toMatchObject({ code: "FILE_TYPE_NOT_ALLOWED" });
  });
});
