import type { ChatMediaPage, ChatMediaQuery, UploadedFile } from "@teamchat/protocol";
import type { UploadOptions } from "../api-client.js";
import type { SessionAccess } from "./sign-in.js";

/** Files (`client.files`; the facade's methods of the same names call these): plain REST calls. */
export class FileActions {
  constructor(private readonly access: Pick<SessionAccess, "call">) {}

  /** Uploads one file (progress and cancel through `options`); attach the result with sendMessage. */
  uploadFile(file: Blob, name: string, options: UploadOptions = {}): Promise<UploadedFile> {
    return this.access.call((api) => api.uploadFile(file, name, options));
  }

  /** A file's bytes or its thumbnail, fetched with my access token (for an object URL). */
  fileBlob(fileId: string, variant: "original" | "thumbnail" = "original"): Promise<Blob> {
    return this.access.call((api) => api.fileBlob(fileId, variant));
  }

  /** Files shared in a chat, newest first. */
  chatMedia(chatId: string, query: ChatMediaQuery = {}): Promise<ChatMediaPage> {
    return this.access.call((api) => api.chatMedia(chatId, query));
  }
}
