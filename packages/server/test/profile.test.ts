import { ServerEvent } from "@teamchat/protocol";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { png } from "./fixtures/files.js";
import { collect, nextEvent, sleep, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

const upload = async (u: TestUser, bytes: Promise<Buffer>, square: boolean) =>
  u.api.uploadFile(new Blob([new Uint8Array(await bytes)]), "me.png", { square });

async function fetchFile(u: TestUser, fileId: string, variant = ""): Promise<{ status: number; bytes: Buffer }> {
  const res = await fetch(`${server.baseUrl}/api/files/${fileId}${variant}`, {
    headers: { authorization: `Bearer ${u.session.accessToken}` },
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe("profile", () => {
  it("name, status and a square photo: people who share a chat see the change live and can load the photo", async () => {
    const [me, colleague, stranger] = [
      await server.user("pr-me"),
      await server.user("pr-co"),
      await server.user("pr-st"),
    ];
    const { chat } = await me.api.createDirectChat(colleague.id);
    const colleagueSocket = await colleague.connect();
    const mySocket = await me.connect();
    const photo = await upload(me, png(900, 300), true);
    // Cropped to a centred square by the server, with a thumbnail.
    expect(photo.width).toBe(photo.height);
    const meta = await sharp((await fetchFile(me, photo.id)).bytes).metadata();
    expect(meta.width).toBe(meta.height);

    const seen = nextEvent(colleagueSocket, ServerEvent.userUpdated, (u) => u.id === me.id);
    const mine = nextEvent(mySocket, ServerEvent.userUpdated, (u) => u.id === me.id);
    const updated = await me.api.updateProfile({
      displayName: "Mia",
      statusMessage: "At the office",
      avatarFileId: photo.id,
    });
    expect(updated).toMatchObject({ displayName: "Mia", statusMessage: "At the office", avatarFileId: photo.id });
    expect(await seen).toMatchObject({
      id: me.id,
      displayName: "Mia",
      statusMessage: "At the office",
      avatarFileId: photo.id,
    });
    expect((await mine).avatarFileId).toBe(photo.id);
    const member = (await colleague.api.chat(chat.id)).members.find((m) => m.user.id === me.id);
    expect(member?.user).toMatchObject({ displayName: "Mia", avatarFileId: photo.id });
    expect((await fetchFile(colleague, photo.id, "/thumbnail")).status).toBe(200);
    // A profile photo is as visible as the directory entry it belongs to.
    expect((await fetchFile(stranger, photo.id)).status).toBe(200);
  });

  it("only my own square image can be my photo; a replaced photo is deleted; a blocked person cannot load it", async () => {
    const [me, other, blocked] = [await server.user("pp-me"), await server.user("pp-ot"), await server.user("pp-bl")];
    const wide = await upload(me, png(300, 100), false);
    await expect(me.api.updateProfile({ avatarFileId: wide.id })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const theirs = await upload(other, png(100, 100), true);
    await expect(me.api.updateProfile({ avatarFileId: theirs.id })).rejects.toMatchObject({
      code: "ATTACHMENT_NOT_ALLOWED",
    });
    await expect(me.api.updateProfile({ avatarUrl: "javascript:alert(1)" } as never)).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });

    const first = await upload(me, png(200, 200), true);
    await me.api.updateProfile({ avatarFileId: first.id });
    await me.api.blockUser(blocked.id);
    expect((await fetchFile(blocked, first.id)).status).toBe(404);
    const blockedSocket = await blocked.connect();
    const heard = collect(blockedSocket, ServerEvent.userUpdated);
    const second = await upload(me, png(120, 120), true);
    await me.api.updateProfile({ avatarFileId: second.id });
    expect((await fetchFile(other, first.id)).status).toBe(404);
    expect((await fetchFile(other, second.id)).status).toBe(200);
    expect((await me.api.updateProfile({ avatarFileId: null })).avatarFileId).toBeNull();
    await sleep(200);
    expect(heard).toEqual([]);
  });
});
