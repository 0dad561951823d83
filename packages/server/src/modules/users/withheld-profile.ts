import type { ChatSummary, PublicUser } from "@teamchat/protocol";

/**
 * What someone who blocked me shows me of their profile: their name only, as WhatsApp does (no
 * photo, no about; last seen is withheld by presence). Applied on every read path (chat list and
 * summaries, member lists in chat events, user lookup and search), not only to the live
 * `user:updated`, which never reaches them: a reload must not tell more than the live view.
 */
export function withheldProfile<T extends Pick<PublicUser, "avatarUrl" | "avatarFileId" | "statusMessage">>(
  user: T,
): T {
  return { ...user, avatarUrl: null, avatarFileId: null, statusMessage: null };
}

/** `user` as `viewerBlockers` (the ids of those who blocked the viewer) lets the viewer see them. */
export function profileFor<T extends Pick<PublicUser, "id" | "avatarUrl" | "avatarFileId" | "statusMessage">>(
  user: T,
  viewerBlockers: ReadonlySet<string>,
): T {
  return viewerBlockers.has(user.id) ? withheldProfile(user) : user;
}

/** A chat summary with the profiles of members who blocked its viewer withheld. */
export function summaryFor(chat: ChatSummary, viewerBlockers: ReadonlySet<string>): ChatSummary {
  if (viewerBlockers.size === 0 || !chat.members.some((m) => viewerBlockers.has(m.user.id))) return chat;
  return { ...chat, members: chat.members.map((m) => ({ ...m, user: profileFor(m.user, viewerBlockers) })) };
}
