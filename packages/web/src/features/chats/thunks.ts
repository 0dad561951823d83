import type {
  ChannelDirectory,
  ChatSettingsBody,
  ChatSummary,
  CreateGroupChatBody,
  PublicUser,
} from "@teamchat/protocol";
import type { AppThunk } from "../../app/store.js";
import { presenceReceived } from "../live/liveSlice.js";
import { chatSelected } from "./chatsSlice.js";

/** Presence of everyone I share a chat with (after each connection; updates then arrive live). */
export const refreshPresence =
  (): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const chats = Object.values(getState().chats.entities);
    const me = getState().session.me?.id;
    const contacts = [...new Set(chats.flatMap((c) => c.members.map((m) => m.user.id)))].filter((id) => id !== me);
    if (contacts.length > 0) dispatch(presenceReceived(await client.queryPresence(contacts.slice(0, 500))));
  };

/** Presence of the members of a chat I just learned about (they may have been online already). */
export const refreshPresenceOf =
  (chat: ChatSummary): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const me = getState().session.me?.id;
    const ids = chat.members.map((m) => m.user.id).filter((id) => id !== me);
    if (ids.length > 0) dispatch(presenceReceived(await client.queryPresence(ids.slice(0, 500))));
  };

export const startDirectChat =
  (userId: string): AppThunk<Promise<string>> =>
  async (dispatch, _getState, { client }) => {
    const chat = await client.createDirectChat(userId);
    dispatch(chatSelected(chat.id));
    dispatch(refreshPresenceOf(chat)).catch(() => {});
    return chat.id;
  };

export const createGroup =
  (body: CreateGroupChatBody): AppThunk<Promise<string>> =>
  async (dispatch, _getState, { client }) => {
    const chat = await client.createGroupChat(body);
    dispatch(chatSelected(chat.id));
    return chat.id;
  };

export const browseChannels =
  (q: string, offset = 0): AppThunk<Promise<ChannelDirectory>> =>
  (_dispatch, _getState, { client }) =>
    client.call((api) => api.channelDirectory({ q, offset, limit: 20 }));

export const createChannel =
  (body: { name: string; announcement: boolean }): AppThunk<Promise<string>> =>
  async (dispatch, _getState, { client }) => {
    const chat = await client.createChannel(body);
    dispatch(chatSelected(chat.id));
    return chat.id;
  };

/** Joins (the chat also arrives live as chat:created) and opens it. */
export const joinChannel =
  (chatId: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    const chat = await client.joinChannel(chatId);
    dispatch(chatSelected(chat.id));
    dispatch(refreshPresenceOf(chat)).catch(() => {});
  };

export const searchDirectory =
  (q: string): AppThunk<Promise<PublicUser[]>> =>
  (_dispatch, _getState, { client }) =>
    client.call((api) => api.searchUsers(q, 20));

export const changeChatSettings =
  (chatId: string, body: ChatSettingsBody): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.updateChatSettings(chatId, body);
  };

/** The list arrives through the SDK's `blockedUsers` event (sdk-bridge). */
export const loadBlocks =
  (): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.profile.loadBlocked();
  };

export const setBlocked =
  (user: PublicUser, blocked: boolean): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    if (blocked) await client.profile.block(user);
    else await client.profile.unblock(user.id);
  };
