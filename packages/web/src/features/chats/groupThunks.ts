import type { MemberRole, UpdateGroupBody, UpdateGroupSettingsBody } from "@teamchat/protocol";
import type { AppThunk } from "../../app/store.js";

/**
 * Group administration. The SDK updates its cache and emits chatUpdated / chatLeft, which the
 * bridge turns into store updates: these thunks only ask.
 */
export const addGroupMembers =
  (chatId: string, userIds: string[]): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.addMembers(chatId, userIds);
  };

export const removeGroupMember =
  (chatId: string, userId: string): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.removeMember(chatId, userId);
  };

export const setGroupRole =
  (chatId: string, userId: string, role: MemberRole): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.setMemberRole(chatId, userId, role);
  };

export const leaveGroup =
  (chatId: string): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.leaveChat(chatId);
  };

export const updateGroupInfo =
  (chatId: string, body: UpdateGroupBody): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.updateGroup(chatId, body);
  };

export const updateGroupSettings =
  (chatId: string, body: UpdateGroupSettingsBody): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.updateGroupSettings(chatId, body);
  };

/** Uploads the picked image and makes it the group photo; null removes the photo. */
export const setGroupPhoto =
  (chatId: string, image: File | null): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    const avatarFileId = image ? (await client.uploadFile(image, image.name)).id : null;
    await client.updateGroup(chatId, { avatarFileId });
  };
