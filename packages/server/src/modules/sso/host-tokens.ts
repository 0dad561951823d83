import { LIMITS } from "@teamchat/protocol";
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, errors as joseErrors, jwtVerify } from "jose";
import { z } from "zod";
import type { SsoConfig } from "../../config.js";
import { AppError } from "../../errors.js";

/** Who the host app says the bearer is, after verification and claim mapping. */
export type HostIdentity = {
  externalId: string;
  displayName: string;
  /** Undefined: the claim was absent (keep what we have); null: present but unusable. */
  email: string | null | undefined;
  avatarUrl: string | null | undefined;
  department: string | null | undefined;
  usernameHint: string | null;
};

const MAX_TOKEN_CHARS = 8192;
/** After one JWKS fetch, an unknown kid triggers another only after this long (no fetch storms). */
const JWKS_COOLDOWN_MS = 5_000;
const JWKS_TIMEOUT_MS = 5_000;

/**
 * Verifies the host app's JWTs: one configured key source (HS secret or the host's JWKS, cached
 * by jose and refetched when a token names an unknown kid, which is how key rotation arrives),
 * a fixed algorithm list (never `none`, never HS with a public key), issuer, audience, expiry
 * with a clock tolerance. Only this class ever sees a host token.
 */
export class HostTokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;

  constructor(private readonly config: SsoConfig) {
    this.key =
      config.key.kind === "secret"
        ? new TextEncoder().encode(config.key.secret)
        : createRemoteJWKSet(new URL(config.key.url), {
            cacheMaxAge: config.key.cacheMaxAgeSeconds * 1000,
            cooldownDuration: JWKS_COOLDOWN_MS,
            timeoutDuration: JWKS_TIMEOUT_MS,
          });
  }

  /** Throws SSO_TOKEN_INVALID / SSO_TOKEN_EXPIRED, or UNAVAILABLE when the JWKS cannot be fetched. */
  async verify(token: string): Promise<HostIdentity> {
    if (token.length > MAX_TOKEN_CHARS) throw new AppError("SSO_TOKEN_INVALID");
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: this.config.algorithms,
        clockTolerance: this.config.clockToleranceSeconds,
        requiredClaims: ["exp"],
      };
      // Two calls only because TypeScript picks jwtVerify's overload by the key's type.
      payload =
        this.key instanceof Uint8Array
          ? (await jwtVerify(token, this.key, options)).payload
          : (await jwtVerify(token, this.key, options)).payload;
    } catch (err) {
      throw mapJoseError(err);
    }
    return this.mapClaims(payload);
  }

  private mapClaims(payload: JWTPayload): HostIdentity {
    const names = this.config.claims;
    const claim = (name: string): unknown => (payload as Record<string, unknown>)[name];
    const subject = claim(names.subject);
    const externalId = typeof subject === "number" ? String(subject) : subject;
    if (typeof externalId !== "string" || externalId.length === 0 || externalId.length > LIMITS.externalIdMax) {
      throw new AppError("SSO_TOKEN_INVALID", "The sign-on token names no user");
    }
    const text = (name: string, max: number) => optionalClaim(claim(name), z.string().trim().min(1).max(max));
    const email = optionalClaim(claim(names.email), z.email().max(320));
    const usernameHint = text(names.username, 320) ?? email?.split("@")[0] ?? null;
    const displayName =
      text(names.name, 1000)?.slice(0, LIMITS.displayNameMax) ??
      usernameHint?.slice(0, LIMITS.displayNameMax) ??
      externalId.slice(0, LIMITS.displayNameMax);
    return {
      externalId,
      displayName,
      email,
      avatarUrl: optionalClaim(claim(names.avatar), z.url({ protocol: /^https?$/ }).max(LIMITS.urlMax)),
      department: text(names.department, LIMITS.departmentMax),
      usernameHint,
    };
  }
}

/** Absent → undefined (keep the stored value); present but invalid → null (clear it). */
function optionalClaim<T>(value: unknown, schema: z.ZodType<T>): T | null | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function mapJoseError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof joseErrors.JWTExpired) return new AppError("SSO_TOKEN_EXPIRED");
  // The host's key server is down or answered garbage: not the bearer's fault, try again later.
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid)
    return new AppError("UNAVAILABLE");
  if (err instanceof joseErrors.JOSEError) return new AppError("SSO_TOKEN_INVALID");
  if (err instanceof TypeError && /fetch|network/i.test(err.message)) return new AppError("UNAVAILABLE");
  return new AppError("SSO_TOKEN_INVALID");
}
