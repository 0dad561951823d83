import type { ChatSummary, PublicUser } from "@teamchat/protocol";
import { Avatar } from "../../components/Avatar.js";
import { useFileUrl } from "../files/useFileUrl.js";

/**
 * A chat's picture: the group photo (a file read with my token, like an attachment, so never a
 * plain URL the browser would fetch without it), else `fallbackUrl` (a person's own picture), else
 * initials. Small sizes use the thumbnail.
 */
export function ChatAvatar({
  chat,
  title,
  size,
  fallbackUrl,
  person,
}: {
  chat: Pick<ChatSummary, "avatarFileId" | "avatarUrl">;
  title: string;
  size: number;
  fallbackUrl?: string | null | undefined;
  /** A direct chat's other person: their photo stands for the chat. */
  person?: Pick<PublicUser, "avatarFileId" | "avatarUrl"> | null | undefined;
}) {
  const fileId = chat.avatarFileId ?? person?.avatarFileId ?? null;
  const photo = useFileUrl(fileId ?? "", size > 160 ? "original" : "thumbnail", fileId !== null);
  const url = fileId ? photo : (chat.avatarUrl ?? fallbackUrl ?? person?.avatarUrl ?? null);
  return <Avatar name={title} url={url} size={size} />;
}
