import type { Me, PublicUser, UpdatePrivacyBody, UpdateProfileBody } from "@teamchat/protocol";
import type { ExtrasHost } from "../client/starred-messages.js";
import { sameProfile } from "../sync/chat-summaries.js";

/** What the profile module needs from the client that owns it. */
export type ProfileHost = ExtrasHost & {
  me(): Me | null;
  /** Replaces the signed-in user (emits `session`). */
  updateMe(me: Me): void;
  /** Someone's profile, applied to the cached chats showing them (`chat`), then emitted as `userUpdated`. */
  applyUser(user: PublicUser): Promise<void>;
};

/**
 * My profile (name, status, photo), my privacy settings and the people I blocked. Other people's
 * profile changes (`user:updated`) are applied to the cached chats by the session; a change of
 * mine from another device updates me here. Results reach the UI as events: `session` (me),
 * `chat` (chats whose members changed), `userUpdated` and `blockedUsers`.
 */
export class Profile {
  private blocked: PublicUser[] = [];

  constructor(private readonly host: ProfileHost) {
    host.on("session", (me) => {
      if (me === null) this.blocked = [];
    });
    host.on("userUpdated", (user) => this.applyMine(user));
  }

  /** Name and status ("about"); `avatarFileId` null removes the photo. */
  async update(body: UpdateProfileBody): Promise<Me> {
    const me = await this.host.call((api) => api.updateProfile(body));
    this.host.updateMe(me);
    await this.host.applyUser(me);
    return me;
  }

  /** Uploads `image` cropped square by the server and makes it my photo; null removes it. */
  async setPhoto(image: Blob | null, name = "photo"): Promise<Me> {
    const avatarFileId = image
      ? (await this.host.call((api) => api.uploadFile(image, name, { square: true }))).id
      : null;
    return this.update({ avatarFileId });
  }

  async updatePrivacy(body: UpdatePrivacyBody): Promise<Me> {
    const me = await this.host.call((api) => api.updatePrivacy(body));
    this.host.updateMe(me);
    return me;
  }

  /** The people I blocked, from the server (also emitted as `blockedUsers`). */
  async loadBlocked(): Promise<PublicUser[]> {
    this.setBlocked(await this.host.call((api) => api.myBlocks()));
    return this.blocked;
  }

  async block(user: PublicUser): Promise<void> {
    await this.host.call((api) => api.blockUser(user.id));
    this.setBlocked([...this.blocked.filter((u) => u.id !== user.id), user]);
  }

  async unblock(userId: string): Promise<void> {
    await this.host.call((api) => api.unblockUser(userId));
    this.setBlocked(this.blocked.filter((u) => u.id !== userId));
  }

  isBlocked(userId: string): boolean {
    return this.blocked.some((u) => u.id === userId);
  }

  /** My own profile changed on another device: I am updated here too. */
  private applyMine(user: PublicUser): void {
    const me = this.host.me();
    if (me && user.id === me.id && !sameProfile(me, user)) this.host.updateMe({ ...me, ...user });
  }

  private setBlocked(list: PublicUser[]): void {
    this.blocked = [...list].sort((a, b) => a.displayName.localeCompare(b.displayName));
    this.host.emit("blockedUsers", this.blocked);
  }
}
