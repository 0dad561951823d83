import crypto from "node:crypto";
import type { PushSubscribeBody } from "@teamchat/protocol";
import type { Config } from "../../config.js";
import { AppError } from "../../errors.js";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Push services are https. Plain http is accepted only for a loopback endpoint outside
 * production, so local development and the test suite can play the push service.
 */
export function assertAcceptableEndpoint(endpoint: string, env: Config["env"]): void {
  const url = new URL(endpoint);
  if (url.protocol === "https:") return;
  if (env !== "production" && LOOPBACK_HOSTS.has(url.hostname)) return;
  throw invalid("endpoint", "must be an https URL");
}

/** Rejects keys that would make every later encryption fail, at subscribe time instead. */
export function assertUsableKeys(keys: PushSubscribeBody["keys"]): void {
  try {
    // Agreeing a secret with a throwaway key proves the point is on the curve.
    const probe = crypto.createECDH("prime256v1");
    probe.generateKeys();
    probe.computeSecret(Buffer.from(keys.p256dh, "base64url"));
  } catch {
    throw invalid("keys.p256dh", "must be an uncompressed P-256 public key");
  }
  if (Buffer.from(keys.auth, "base64url").length !== 16) throw invalid("keys.auth", "must be 16 bytes");
}

function invalid(path: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", undefined, { details: [{ path, message }] });
}
