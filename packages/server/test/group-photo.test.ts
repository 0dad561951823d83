import { ClientEvent, ServerEvent } from "@teamchat/protocol";
import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { FileSweeper } from "../src/modules/files/file-sweeper.js";
import { PDF, png } from "./fixtures/files.js";
import { newClientId, nextEvent, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

const upload = async (u: TestUser, bytes: Buffer | Promise<Buffer>, name: string) =>
  u.api.uploadFile(new Blob([new Uint8Array(await bytes)]), name);

async function status(u: TestUser, fileId: string, variant = ""): Promise<number> {
  const res = await fetch(`${server.baseUrl}/api/files/${fileId}${variant}`, {
    headers: { authorization: `Bearer ${u.session.accessToken}` },
  });
  await res.arrayBuffer();
  return res.status;
}

/** An admin, a member, someone removed from the group and an outsider. */
async function group() {
  const [admin, member, removed, outsider] = await Promise.all(["adm", "mem", "rem", "out"].map((n) => server.user(n)));
  if (!admin || !member || !removed || !outsider) throw new Error("users");
  const chat = await admin.api.createGroupChat({ name: "Photo", memberIds: [member.id, removed.id] });
  await admin.api.removeMember(chat.id, removed.id);
  return { admin, member, removed, outsider, chat };
}

describe("group photo", () => {
  it("an admin sets it: members see it live with a system message and can load it; others cannot", async () => {
    const { admin, member, removed, outsider, chat } = await group();
    const photo = await upload(admin, png(600, 400), "team.png");
    const memberSocket = await member.connect();
    const updated = nextEvent(memberSocket, ServerEvent.chatUpdated, (c) => c.id === chat.id);
    const note = nextEvent(memberSocket, ServerEvent.messageNew, (m) => m.chatId === chat.id);

    const answer = await admin.api.updateGroup(chat.id, { avatarFileId: photo.id });
    expect(answer.avatarFileId).toBe(photo.id);
    expect((await updated).avatarFileId).toBe(photo.id);
    expect(await note).toMatchObject({
      kind: "system",
      body: `${admin.session.user.displayName} changed the group photo`,
    });
    expect((await member.api.chat(chat.id)).avatarFileId).toBe(photo.id);

    for (const [who, expected] of [
      [admin, 200],
      [member, 200],
      [removed, 404],
      [outsider, 404],
    ] as const) {
      expect(await status(who, photo.id, "/thumbnail"), who.username).toBe(expected);
      expect(await status(who, photo.id), who.username).toBe(expected);
    }
  });

  it("only admins of the group, with their own image upload", async () => {
    const { admin, member, removed, outsider, chat } = await group();
    const mine = await upload(member, png(), "mine.png");
    const attempt = (who: TestUser, avatarFileId: string) => who.api.updateGroup(chat.id, { avatarFileId });
    await expect(attempt(member, mine.id)).rejects.toMatchObject({ code: "NOT_AN_ADMIN", httpStatus: 403 });
    await expect(attempt(outsider, mine.id)).rejects.toMatchObject({ code: "NOT_A_MEMBER", httpStatus: 403 });
    await expect(attempt(removed, mine.id)).rejects.toMatchObject({ code: "NOT_A_MEMBER", httpStatus: 403 });
    // Someone else's upload (it would let an admin publish a file they cannot read).
    await expect(attempt(admin, mine.id)).rejects.toMatchObject({ code: "ATTACHMENT_NOT_ALLOWED", httpStatus: 403 });
    const pdf = await upload(admin, PDF, "not-a-photo.pdf");
    await expect(attempt(admin, pdf.id)).rejects.toMatchObject({ code: "FILE_TYPE_NOT_ALLOWED" });
    await expect(attempt(admin, crypto.randomUUID())).rejects.toMatchObject({ code: "ATTACHMENT_NOT_ALLOWED" });
    await expect(admin.api.updateGroup(chat.id, { avatarFileId: "not-an-id" } as never)).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      httpStatus: 400,
    });
    // No external picture URL for a group: it would load a stranger's pixel in every member's app.
    await expect(
      admin.api.updateGroup(chat.id, { avatarUrl: "https://tracker.example/p.png" } as never),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED", httpStatus: 400 });
    const { chat: direct } = await admin.api.createDirectChat(member.id);
    const photo = await upload(admin, png(), "direct.png");
    await expect(admin.api.updateGroup(direct.id, { avatarFileId: photo.id })).rejects.toMatchObject({
      code: "NOT_A_GROUP",
    });
    // Nothing changed on the refused attempts.
    expect((await member.api.chat(chat.id)).avatarFileId).toBeNull();
  });

  it("replacing or removing it deletes the old file; the sweep of unattached uploads keeps the current one", async () => {
    const { admin, member, chat } = await group();
    const files = server.built.ctx.files;
    if (!files) throw new Error("no files service");
    const first = await upload(admin, png(), "first.png");
    await admin.api.updateGroup(chat.id, { avatarFileId: first.id });
    const day = 86_400_000;
    await new FileSweeper(server.database.db, files, () => new Date(Date.now() + 2 * day)).sweep();
    expect(await status(member, first.id, "/thumbnail")).toBe(200);

    const second = await upload(admin, png(80, 80), "second.png");
    await admin.api.updateGroup(chat.id, { avatarFileId: second.id });
    expect(await status(admin, first.id)).toBe(404);
    expect(await files.storage.size(`${first.id}/original`)).toBeNull();
    expect(await status(member, second.id, "/thumbnail")).toBe(200);

    const removedPhoto = await admin.api.updateGroup(chat.id, { avatarFileId: null });
    expect(removedPhoto.avatarFileId).toBeNull();
    expect(removedPhoto.lastMessage?.body).toBe(`${admin.session.user.displayName} removed the group photo`);
    expect(await status(admin, second.id)).toBe(404);
    expect(await files.storage.size(`${second.id}/original`)).toBeNull();
  });

  it("a photo that is also sent in a message stays for the message when replaced", async () => {
    const { admin, member, chat } = await group();
    const photo = await upload(admin, png(), "shared.png");
    await admin.api.updateGroup(chat.id, { avatarFileId: photo.id });
    const socket = await admin.connect();
    await request(socket, ClientEvent.messageSend, {
      chatId: chat.id,
      clientId: newClientId(),
      body: "",
      attachmentIds: [photo.id],
    });
    await admin.api.updateGroup(chat.id, { avatarFileId: null });
    expect(await status(member, photo.id)).toBe(200);
  });
});
