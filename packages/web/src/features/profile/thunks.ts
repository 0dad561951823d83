import type { PublicUser, UpdatePrivacyBody } from "@teamchat/protocol";
import type { AppThunk } from "../../app/store.js";

/** Results come back through the SDK's `session` and `blockedUsers` events (sdk-bridge). */
export const saveProfile =
  (body: { displayName?: string; statusMessage?: string | null }): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.profile.update(body);
  };

/** Uploads the picked image (cropped square by the server) as my photo; null removes it. */
export const setProfilePhoto =
  (image: File | null): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.profile.setPhoto(image, image?.name ?? "photo");
  };

export const changePrivacy =
  (body: UpdatePrivacyBody): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.profile.updatePrivacy(body);
  };

export const loadBlockedUsers =
  (): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.profile.loadBlocked();
  };

export const blockUser =
  (user: PublicUser): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.profile.block(user);
  };

export const unblockUser =
  (userId: string): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.profile.unblock(userId);
  };
