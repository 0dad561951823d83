import { type ErrorBody, ErrorCatalogue, type ErrorCode } from "@teamchat/protocol";

/** A failure the client is meant to see, with a catalogued code. */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string = ErrorCatalogue[code].message,
    readonly extra: Pick<ErrorBody, "details" | "retryAfterMs"> = {},
  ) {
    super(message);
  }
  get status(): number {
    return ErrorCatalogue[this.code].status;
  }
  /** Fastify reads this when an AppError is thrown from a plugin (e.g. the rate limiter). */
  get statusCode(): number {
    return this.status;
  }
  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

/** PostgreSQL/driver errors that mean "try again later", not "your request is bad". */
const TRANSIENT_PG_CODES = new Set(["57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "53300", "40001"]);
const TRANSIENT_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"]);

export function isTransientDbError(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (TRANSIENT_PG_CODES.has(code) || TRANSIENT_NODE_CODES.has(code))) return true;
  const message = (err as { message?: unknown }).message;
  if (
    typeof message === "string" &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    )
  )
    return true;
  // Drizzle wraps the driver's error ("Failed query: …") with the real one as its cause.
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err && isTransientDbError(cause);
}

/** Maps anything thrown to what the client may see; unknown errors never leak their message. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isTransientDbError(err)) return new AppError("UNAVAILABLE");
  return new AppError("INTERNAL");
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; cause?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code === "23505") return constraint === undefined || e.constraint === constraint;
  return e.cause !== undefined && isUniqueViolation(e.cause, constraint);
}
