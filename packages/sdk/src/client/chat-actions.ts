import type {
  ChatSettings,
  ChatSettingsBody,
  ChatSummary,
  CreateGroupChatBody,
  MemberRole,
  SetDisappearingBody,
  UpdateGroupBody,
  UpdateGroupSettingsBody,
} from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import { withSettings } from "../sync/chat-summaries.js";
import type { SessionAccess } from "./sign-in.js";

/**
 * Chats: my settings of a chat, creating and joining chats, group administration
 * (`client.chats`; the facade's methods of the same names call these). The server's answer goes
 * through the session (cached, merged, emitted as `chat`); the same changes also arrive live.
 */
export class ChatActions {
  constructor(private readonly access: SessionAccess) {}

  /** Mute / archive / pin for me, on all my devices. */
  async updateChatSettings(chatId: string, body: ChatSettingsBody): Promise<ChatSettings> {
    const settings = await this.access.call((api) => api.updateChatSettings(chatId, body));
    await this.access.session?.updateChat(chatId, (chat) => withSettings(chat, settings));
    return settings;
  }

  /** Set the chat's disappearing-messages timer (seconds; null turns it off). */
  setDisappearing(chatId: string, seconds: SetDisappearingBody["seconds"]): Promise<ChatSummary> {
    return this.groupAction((api) => api.setDisappearing(chatId, seconds));
  }

  addMembers(chatId: string, userIds: string[]): Promise<ChatSummary> {
    return this.groupAction((api) => api.addMembers(chatId, userIds));
  }

  removeMember(chatId: string, userId: string): Promise<ChatSummary> {
    return this.groupAction((api) => api.removeMember(chatId, userId));
  }

  setMemberRole(chatId: string, userId: string, role: MemberRole): Promise<ChatSummary> {
    return this.groupAction((api) => api.setMemberRole(chatId, userId, role));
  }

  updateGroup(chatId: string, body: UpdateGroupBody): Promise<ChatSummary> {
    return this.groupAction((api) => api.updateGroup(chatId, body));
  }

  updateGroupSettings(chatId: string, body: UpdateGroupSettingsBody): Promise<ChatSummary> {
    return this.groupAction((api) => api.updateGroupSettings(chatId, body));
  }

  /** The group stays in my list, read-only, with the history up to my leaving. */
  async leaveChat(chatId: string): Promise<ChatSummary> {
    const chat = await this.adopt((api) => api.leaveChat(chatId));
    this.access.events.emit("chatLeft", { chatId, reason: "left", chat });
    return chat;
  }

  /** The direct chat with this person (created once per pair). */
  async createDirectChat(userId: string): Promise<ChatSummary> {
    return this.adopt(async (api) => (await api.createDirectChat(userId)).chat);
  }

  createGroupChat(body: CreateGroupChatBody): Promise<ChatSummary> {
    return this.adopt((api) => api.createGroupChat(body));
  }

  createChannel(body: { name: string; description?: string; announcement?: boolean }): Promise<ChatSummary> {
    return this.adopt((api) => api.createChannel(body));
  }

  joinChannel(chatId: string): Promise<ChatSummary> {
    return this.adopt((api) => api.joinChannel(chatId));
  }

  /** A chat the server answered with: cached and emitted as it is. */
  private async adopt(action: (api: ApiClient) => Promise<ChatSummary>): Promise<ChatSummary> {
    const chat = await this.access.call(action);
    return this.access.session ? this.access.session.adoptChat(chat) : chat;
  }

  private async groupAction(action: (api: ApiClient) => Promise<ChatSummary>): Promise<ChatSummary> {
    const update = await this.access.call(action);
    return this.access.session ? this.access.session.applyChatUpdate(update) : update;
  }
}
