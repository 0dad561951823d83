import type { FastifyInstance } from "fastify";
import { AppError } from "../errors.js";

/**
 * The query-string parser decodes leniently: a broken escape (`%E0%A4%A`, a lone `%`) would reach
 * a route as a garbled value. Such a URL is refused, like a broken path, with VALIDATION_FAILED.
 */
export function installStrictQueryDecoding(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    const at = request.url.indexOf("?");
    if (at < 0 || !request.url.includes("%", at)) return;
    for (const piece of request.url.slice(at + 1).split(/[&=]/)) {
      try {
        decodeURIComponent(piece.replaceAll("+", " "));
      } catch {
        throw new AppError("VALIDATION_FAILED", "The request URL is not valid");
      }
    }
  });
}
