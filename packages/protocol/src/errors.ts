/**
 * The error catalogue. Every failure a client can see carries one of these codes, over REST
 * (`{ success: false, error }`) and in socket acks (`{ ok: false, error }`).
 * `retryable` tells clients (the SDK outbox) whether resending the same request can succeed.
 */
export const ErrorCatalogue = {
  VALIDATION_FAILED: { status: 400, retryable: false, message: "The request is not valid" },
  UNAUTHENTICATED: { status: 401, retryable: false, message: "Sign in first" },
  TOKEN_EXPIRED: { status: 401, retryable: false, message: "The access token has expired" },
  TOKEN_INVALID: { status: 401, retryable: false, message: "The access token is not valid" },
  INVALID_CREDENTIALS: { status: 401, retryable: false, message: "Wrong username or password" },
  REFRESH_TOKEN_INVALID: { status: 401, retryable: false, message: "The session has ended; sign in again" },
  FORBIDDEN: { status: 403, retryable: false, message: "You are not allowed to do this" },
  NOT_A_MEMBER: { status: 403, retryable: false, message: "You are not a member of this chat" },
  NOT_YOUR_MESSAGE: { status: 403, retryable: false, message: "Only the sender can do this to a message" },
  EDIT_WINDOW_PASSED: { status: 403, retryable: false, message: "This message can no longer be edited" },
  DELETE_WINDOW_PASSED: {
    status: 403,
    retryable: false,
    message: "This message can no longer be deleted for everyone",
  },
  ONLY_ADMINS_CAN_POST: {
    status: 403,
    retryable: false,
    message: "Only admins can send messages in this group",
  },
  NOT_AN_ADMIN: { status: 403, retryable: false, message: "Only group admins can do this" },
  NOT_A_GROUP: { status: 409, retryable: false, message: "This is not a group chat" },
  LAST_ADMIN: { status: 409, retryable: false, message: "A group needs at least one admin" },
  NOT_FOUND: { status: 404, retryable: false, message: "Not found" },
  CHAT_NOT_FOUND: { status: 404, retryable: false, message: "Chat not found" },
  USER_NOT_FOUND: { status: 404, retryable: false, message: "User not found" },
  MESSAGE_NOT_FOUND: { status: 404, retryable: false, message: "Message not found" },
  USERNAME_TAKEN: { status: 409, retryable: false, message: "That username is taken" },
  CLIENT_ID_REUSED: {
    status: 409,
    retryable: false,
    message: "This clientId was already used for a different message",
  },
  BLOCKED: { status: 403, retryable: false, message: "You cannot message this person (blocked)" },
  // Adding someone who blocked me to a group: refused without naming the block.
  CANNOT_ADD_MEMBER: { status: 403, retryable: false, message: "This person can't be added to the group" },
  MESSAGE_DELETED: { status: 409, retryable: false, message: "This message was deleted" },
  NOT_A_VOICE_MESSAGE: { status: 400, retryable: false, message: "Only someone else's voice note can be played" },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: "The request is too large" },
  HEADERS_TOO_LARGE: { status: 431, retryable: false, message: "The request headers are too large" },
  REQUEST_TIMEOUT: { status: 408, retryable: false, message: "The request was not received in time" },
  RATE_LIMITED: { status: 429, retryable: true, message: "Too many requests; slow down" },
  INTERNAL: { status: 500, retryable: true, message: "Something went wrong on the server" },
  UNAVAILABLE: { status: 503, retryable: true, message: "The server is temporarily unavailable" },
  /**
   * Socket handshake: the client's protocol version (`auth.protocolVersion`) is older than the
   * server's, or missing. Retrying cannot help: the app must be updated (a web app: reloaded).
   */
  CLIENT_OUTDATED: {
    status: 426,
    retryable: false,
    message: "This app is out of date; update it (reload the page) to keep chatting",
  },
  FILE_TOO_LARGE: { status: 413, retryable: false, message: "The file is larger than the upload limit" },
  FILE_TYPE_NOT_ALLOWED: { status: 415, retryable: false, message: "This kind of file cannot be shared" },
  FILE_TYPE_MISMATCH: {
    status: 415,
    retryable: false,
    message: "The file's content does not match its declared type or name",
  },
  FILE_NAME_INVALID: { status: 400, retryable: false, message: "The file name is not allowed" },
  FILE_NOT_FOUND: { status: 404, retryable: false, message: "File not found" },
  ATTACHMENT_NOT_ALLOWED: {
    status: 403,
    retryable: false,
    message: "Only files you uploaded yourself can be attached",
  },
  RANGE_NOT_SATISFIABLE: { status: 416, retryable: false, message: "The requested range is not in the file" },
  SSO_NOT_CONFIGURED: { status: 404, retryable: false, message: "Single sign-on is not configured" },
  SSO_TOKEN_INVALID: { status: 401, retryable: false, message: "The sign-on token is not valid" },
  SSO_TOKEN_EXPIRED: { status: 401, retryable: false, message: "The sign-on token has expired" },
  ACCOUNT_DISABLED: { status: 403, retryable: false, message: "This account is disabled" },
  REGISTRATION_DISABLED: {
    status: 403,
    retryable: false,
    message: "Registration is disabled; sign in through your company app",
  },
  ADMIN_API_NOT_CONFIGURED: { status: 404, retryable: false, message: "The admin API is not enabled" },
  ADMIN_TOKEN_INVALID: { status: 401, retryable: false, message: "The service token is not valid" },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof ErrorCatalogue;

export function isRetryable(code: ErrorCode): boolean {
  return ErrorCatalogue[code].retryable;
}
