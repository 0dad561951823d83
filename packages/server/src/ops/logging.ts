import type { Writable } from "node:stream";
import type { FastifyServerOptions } from "fastify";
import type { Config } from "../config.js";

/**
 * Database errors quote the failed statement with its parameters ("Failed query: … params: …"),
 * which hold message bodies, password hashes and tokens: logs keep only what follows, the
 * driver's own reason, never the parameters.
 */
export function safeErrorMessage(message: string): string {
  const query = message.indexOf("Failed query:");
  if (query === -1) return message;
  return "database query failed";
}

type Loggable = { name?: unknown; code?: unknown; message?: unknown; stack?: unknown; cause?: unknown };

/** pino `err` serializer: type, code, a safe message and the stack frames (not its first line). */
export function serializeError(err: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!err || typeof err !== "object") return { type: typeof err, message: String(err), stack: "" };
  const e = err as Loggable;
  const cause = e.cause && typeof e.cause === "object" ? (e.cause as Loggable) : null;
  const frames = typeof e.stack === "string" ? e.stack.split("\n").filter((l) => l.startsWith("    at ")) : [];
  return {
    type: typeof e.name === "string" ? e.name : "Error",
    ...(typeof e.code === "string" && { code: e.code }),
    message: safeErrorMessage(String(e.message ?? "")),
    ...(cause && {
      cause: { ...(typeof cause.code === "string" && { code: cause.code }), message: String(cause.message ?? "") },
    }),
    stack: frames.slice(0, 12).join("\n"),
  };
}

type RequestLike = { method?: string; url?: string; ip?: string; id?: string };

/**
 * Structured JSON logs (pino) with a request id on every request line (`reqId`, taken from an
 * `X-Request-Id` set by the load balancer or generated). Never logged: bodies, query strings
 * (search terms), Authorization and Cookie headers, Set-Cookie.
 */
export function loggerOptions(config: Config, stream?: Writable): FastifyServerOptions["logger"] {
  return {
    level: config.logLevel,
    base: { node: config.nodeId },
    ...(stream && { stream }),
    redact: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
    serializers: {
      req: (req: RequestLike) => ({
        method: req.method,
        url: (req.url ?? "").split("?")[0],
        remoteAddress: req.ip,
      }),
      err: serializeError,
    },
  };
}
