import { meSchema } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import { useTestServer } from "./harness.js";

const server = useTestServer();

describe("profile and privacy", () => {
  it("updates profile fields and privacy settings, and me reflects them", async () => {
    const user = await server.user("prof");
    const updated = await user.api.updateProfile({
      displayName: "Prof Essor",
      statusMessage: "in a meeting",
      avatarUrl: "https://example.com/a.png",
    });
    expect(meSchema.parse(updated)).toMatchObject({ displayName: "Prof Essor", statusMessage: "in a meeting" });
    await user.api.updatePrivacy({ lastSeen: false });
    expect((await user.api.me()).privacy).toEqual({ readReceipts: true, typingIndicators: true, lastSeen: false });
    expect((await user.api.updateProfile({ avatarUrl: null })).avatarUrl).toBeNull();
  });
});

describe("directory search", () => {
  it("finds by username or display-name word prefix, case-insensitively, never myself", async () => {
    const me = await server.user("searcher");
    const target = await server.user("zeta");
    await target.api.updateProfile({ displayName: "Marta Zimmerman" });
    const byWord = await me.api.searchUsers("zimm");
    expect(byWord.map((u) => u.id)).toContain(target.id);
    const byUsername = await me.api.searchUsers(target.username.slice(0, 6).toUpperCase());
    expect(byUsername.map((u) => u.id)).toContain(target.id);
    expect((await me.api.searchUsers("searcher")).map((u) => u.id)).not.toContain(me.id);
    expect(await me.api.searchUsers("%")).toEqual([]); // LIKE wildcards are literal
    const user = byWord.find((u) => u.id === target.id);
    expect(Object.keys(user ?? {}).sort()).toEqual([
      "avatarFileId",
      "avatarUrl",
      "displayName",
      "id",
      "statusMessage",
      "username",
    ]);
  });

  it("looks up one user, or USER_NOT_FOUND", async () => {
    const [me, other] = [await server.user("look"), await server.user("looked")];
    expect((await me.api.user(other.id)).username).toBe(other.username);
    await expect(me.api.user("66666666-6666-4666-8666-666666666666")).rejects.toMatchObject({ code: "USER_NOT_FOUND" });
  });
});
