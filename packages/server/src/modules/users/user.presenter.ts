import type { Me, PublicUser } from "@teamchat/protocol";
import type { UserRow } from "../../db/schema.js";

type PublicUserFields = Pick<UserRow, "id" | "username" | "displayName" | "avatarUrl" | "statusMessage"> &
  Partial<Pick<UserRow, "avatarFileId">>;

export function presentPublicUser(u: PublicUserFields): PublicUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    avatarUrl: u.avatarUrl,
    statusMessage: u.statusMessage,
    avatarFileId: u.avatarFileId ?? null,
  };
}

export function presentMe(u: UserRow): Me {
  return {
    ...presentPublicUser(u),
    privacy: {
      readReceipts: u.privacyReadReceipts,
      typingIndicators: u.privacyTyping,
      lastSeen: u.privacyLastSeen,
    },
    createdAt: u.createdAt.toISOString(),
  };
}
