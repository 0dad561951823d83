import { ErrorCatalogue } from "@teamchat/protocol";
import { type ChatClient, ChatError, type HostTokenSource } from "@teamchat/sdk";
import type { EmbedErrorCode } from "./types.js";

export type { EmbedErrorCode };

export type EmbedFailure = { code: EmbedErrorCode; message: string };

const MESSAGES: Partial<Record<EmbedErrorCode, string>> = {
  NO_HOST_TOKEN: "The host app gave no sign-on token",
  ORIGIN_NOT_ALLOWED: "This site is not allowed to use the chat server (its ALLOWED_ORIGINS)",
  SERVER_UNREACHABLE: "The chat server cannot be reached",
  SIGN_ON_TIMEOUT: "The chat server did not answer in time",
  SESSION_ENDED: "The chat session has ended",
  USER_CHANGED: "Another person signed in",
  REFRESH_TOKEN_INVALID: "The chat session has ended",
  SSO_TOKEN_EXPIRED: "The sign-on token from the host app has expired",
  SSO_TOKEN_INVALID: "The sign-on token from the host app is not valid (secret, issuer or audience)",
};

export function failure(code: EmbedErrorCode, fallback?: string): EmbedFailure {
  const catalogued = (ErrorCatalogue as Record<string, { message: string } | undefined>)[code]?.message;
  return { code, message: MESSAGES[code] ?? fallback ?? catalogued ?? code };
}

export class SignOnError extends Error {
  constructor(readonly failure: EmbedFailure) {
    super(failure.message);
  }
}

/**
 * The host's person, read from the token WITHOUT verifying it (the server verifies): only to
 * know whether the refresh cookie on this browser is still theirs.
 */
export function tokenSubject(token: string): string | null {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === "string" ? sub : null;
  } catch {
    return null;
  }
}

const subjectKey = (serverUrl: string) => `teamchat:host-subject:${serverUrl}`;

function storedSubject(serverUrl: string): string | null {
  try {
    return globalThis.localStorage?.getItem(subjectKey(serverUrl)) ?? null;
  } catch {
    return null;
  }
}

export function storeSubject(serverUrl: string, subject: string | null): void {
  try {
    if (subject) globalThis.localStorage?.setItem(subjectKey(serverUrl), subject);
    else globalThis.localStorage?.removeItem(subjectKey(serverUrl));
  } catch {
    // storage off: every start exchanges the host token
  }
}

/**
 * Signs on: the refresh cookie first when it belongs to the host's current person (it outlives
 * the host token: a reload after the host JWT expired still works), else (or when it fails) the
 * host token. Throws SignOnError with the reason.
 */
export async function signOn(client: ChatClient, serverUrl: string, hostToken: HostTokenSource): Promise<void> {
  const token = await hostToken();
  if (!token) throw new SignOnError(failure("NO_HOST_TOKEN"));
  const subject = tokenSubject(token);
  try {
    if (subject && storedSubject(serverUrl) === subject) {
      // restoreSession falls back to a host token itself (the client's `hostToken` option).
      if (await client.restoreSession()) return;
      const reason = client.sessionEndReason;
      throw reason ? new SignOnError(failure(reason)) : unreachable();
    }
    await client.signInWithHostToken(token);
    storeSubject(serverUrl, subject);
  } catch (err) {
    throw new SignOnError(await explain(err, serverUrl));
  }
}

const unreachable = () => new ChatError({ code: "UNAVAILABLE", message: "The server cannot be reached" });

/** A failed request without an answer is either a server that is down or a CORS refusal. */
async function explain(err: unknown, serverUrl: string): Promise<EmbedFailure> {
  if (err instanceof SignOnError) return err.failure;
  if (err instanceof ChatError && (err.code !== "UNAVAILABLE" || err.httpStatus !== null)) {
    return failure(err.code, err.message);
  }
  // An opaque (no-cors) request succeeds when the server answers at all: then the browser
  // refused to let us read the answer, i.e. this origin is not in the server's ALLOWED_ORIGINS.
  const answers = await fetch(new URL("/healthz", serverUrl), { mode: "no-cors", credentials: "omit" }).then(
    () => true,
    () => false,
  );
  return failure(answers ? "ORIGIN_NOT_ALLOWED" : "SERVER_UNREACHABLE");
}
