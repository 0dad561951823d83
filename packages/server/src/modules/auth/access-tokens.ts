import { webcrypto } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { AppError } from "../../errors.js";
import type { AccountStatus } from "./account-status.js";

const ISSUER = "teamchat";
const AUDIENCE = "teamchat";
const ALGORITHM = "HS256";
/** Ours are a few hundred characters; anything far longer is refused before any parsing. */
const MAX_TOKEN_LENGTH = 4096;

export type AccessClaims = { userId: string };

/** Short-lived access JWTs, used on REST (Bearer) and on the socket handshake. */
export class AccessTokens {
  /**
   * The secret as a WebCrypto key, imported once: given the raw bytes, jose imports them on every
   * sign and verify, a tenth of a millisecond of every authenticated request (docs/benchmarks.md).
   */
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(
    secret: Uint8Array,
    readonly ttlSeconds: number,
    /** When given, a valid token of a disabled (deprovisioned) user is refused too. */
    private readonly accountStatus?: AccountStatus,
  ) {
    this.key = webcrypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    // A refused key surfaces on first use; it must not also be an unhandled rejection now.
    this.key.catch(() => {});
  }

  async issue(userId: string): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(await this.key);
  }

  /** Throws AppError TOKEN_EXPIRED, TOKEN_INVALID or ACCOUNT_DISABLED; never anything else. */
  async verify(token: unknown): Promise<AccessClaims> {
    const claims = await this.verifySignature(token);
    if (await this.accountStatus?.isDisabled(claims.userId)) throw new AppError("ACCOUNT_DISABLED");
    return claims;
  }

  private async verifySignature(token: unknown): Promise<AccessClaims> {
    if (typeof token !== "string" || token.length === 0) {
      throw new AppError("UNAUTHENTICATED", "An access token is required");
    }
    // A token was sent but cannot be one of ours: invalid, not missing.
    if (token.length > MAX_TOKEN_LENGTH) throw new AppError("TOKEN_INVALID");
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [ALGORITHM],
      });
      if (typeof payload.sub !== "string") throw new AppError("TOKEN_INVALID");
      return { userId: payload.sub };
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new AppError("TOKEN_EXPIRED");
      throw new AppError("TOKEN_INVALID");
    }
  }
}
