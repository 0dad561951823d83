/**
 * The embedding's public types, self-contained on purpose: the published `.d.ts` of
 * `@teamchat/web/embed` import nothing of ours but these (and React).
 */

/** Why an embedded chat is not showing: a server error code or one of the embedding's own. */
export type EmbedErrorCode =
  | "SSO_TOKEN_EXPIRED"
  | "SSO_TOKEN_INVALID"
  | "SSO_NOT_CONFIGURED"
  | "ACCOUNT_DISABLED"
  | "REFRESH_TOKEN_INVALID"
  | "RATE_LIMITED"
  | "USER_CHANGED"
  | "NO_HOST_TOKEN"
  | "ORIGIN_NOT_ALLOWED"
  | "SERVER_UNREACHABLE"
  | "SIGN_ON_TIMEOUT"
  | "SESSION_ENDED"
  // any other code of the server's error catalogue
  | (string & {});

/** A host's deep link into the chat: a chat by id, or the direct chat with a person the host knows by its own id. */
export type InitialChat = { chatId: string } | { withExternalId: string };
