import type { PublicUser } from "@teamchat/protocol";
import { Avatar } from "../../components/Avatar.js";
import { useFileUrl } from "../files/useFileUrl.js";

/**
 * A person's picture: their uploaded photo (read with my token, like an attachment; the thumbnail
 * for small sizes), else the host app's picture URL, else initials.
 */
export function UserAvatar({
  user,
  size,
}: {
  user: Pick<PublicUser, "displayName" | "avatarUrl" | "avatarFileId">;
  size: number;
}) {
  const fileId = user.avatarFileId ?? null;
  const photo = useFileUrl(fileId ?? "", size > 160 ? "original" : "thumbnail", fileId !== null);
  return <Avatar name={user.displayName} url={fileId ? photo : user.avatarUrl} size={size} />;
}
