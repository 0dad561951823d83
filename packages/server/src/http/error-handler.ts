import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type ErrorBody, ErrorCatalogue, type ErrorCode } from "@teamchat/protocol";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, toAppError } from "../errors.js";

/** Every REST failure leaves as `{ success: false, error: { code, message } }` with a catalogued code. */
/** Install before any route plugin: plugin contexts copy the handler when they are created. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, body } = describe(err);
    if (status >= 500) request.log.error({ err }, "request failed");
    if (body.retryAfterMs !== undefined) reply.header("retry-after", Math.ceil(body.retryAfterMs / 1000));
    return reply.status(status).send({ success: false, error: body });
  });
}

/**
 * Errors the router raises before any route or error handler runs (an undecodable URL, a path
 * parameter over the length limit): answered in the same typed envelope, never Fastify's own.
 */
export function frameworkErrorHandler(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status = err.code === "FST_ERR_MAX_PARAM_LENGTH" ? 414 : 400;
  const body: ErrorBody = { code: "VALIDATION_FAILED", message: "The request URL is not valid" };
  return reply.status(status).send({ success: false, error: body });
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers over the size limit, a
 * malformed request line, a request that took too long): the same typed envelope, written on
 * the raw socket (Fastify's default writes its own JSON shape).
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const code: ErrorCode =
    err.code === "HPE_HEADER_OVERFLOW"
      ? "HEADERS_TOO_LARGE"
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? "REQUEST_TIMEOUT"
        : "VALIDATION_FAILED";
  const { status, message } = ErrorCatalogue[code];
  const body = JSON.stringify({ success: false, error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

export function installNotFoundHandler(app: FastifyInstance, options: { spaFallback: boolean }): void {
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes of the web app load its shell; API paths keep the JSON 404.
    const path = request.url.split("?")[0] ?? "";
    if (
      options.spaFallback &&
      request.method === "GET" &&
      !path.startsWith("/api/") &&
      !path.startsWith("/socket.io")
    ) {
      return reply.type("text/html").sendFile("index.html");
    }
    return reply.status(404).send({
      success: false,
      error: { code: "NOT_FOUND", message: `No route ${request.method} ${request.url.split("?")[0]}` },
    });
  });
}

function describe(err: FastifyError): { status: number; body: ErrorBody } {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      path: `${err.validationContext ?? ""}${v.instancePath.replaceAll("/", ".")}`,
      message: v.message ?? "invalid",
    }));
    return { status: 400, body: { code: "VALIDATION_FAILED", message: "The request is not valid", details } };
  }
  if (err instanceof AppError) return { status: err.status, body: err.toBody() };
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return { status: 413, body: new AppError("PAYLOAD_TOO_LARGE").toBody() };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return { status: 400, body: { code: "VALIDATION_FAILED", message: err.message } };
  }
  if (err.statusCode === 429) {
    return { status: 429, body: new AppError("RATE_LIMITED").toBody() };
  }
  if (err instanceof SyntaxError || (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500)) {
    return { status: 400, body: { code: "VALIDATION_FAILED", message: "The request could not be read" } };
  }
  const appError = toAppError(err);
  return { status: appError.status, body: appError.toBody() };
}
