import { type ErrorBody, type ErrorCode, isRetryable } from "@teamchat/protocol";

/** Every failure the SDK reports: a catalogued code, and whether a retry can help. */
export class ChatError extends Error {
  override name = "ChatError";
  readonly code: ErrorCode;
  readonly details: ErrorBody["details"];
  readonly retryAfterMs: number | undefined;
  constructor(
    body: ErrorBody,
    readonly httpStatus: number | null = null,
  ) {
    super(body.message);
    this.code = body.code;
    this.details = body.details;
    this.retryAfterMs = body.retryAfterMs;
  }
  get retryable(): boolean {
    return isRetryable(this.code);
  }
}
