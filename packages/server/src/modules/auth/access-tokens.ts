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
  constructor(
    private readonly secret: Uint8Array,
    readonly ttlSeconds: number,
    /** When given, a valid token of a disabled (deprovisioned) user is refused too. */
    private readonly accountStatus?: AccountStatus,
  ) {}

  issue(userId: string): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.secret);
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
      const { payload } = await jwtVerify(token, this.secret, {
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
