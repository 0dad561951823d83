import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { usernameCandidate } from "./external-users.js";
import { HostTokenVerifier } from "./host-tokens.js";

const SECRET = "unit-test-host-secret-0123456789abcdef";
const sso = loadConfig({
  SSO_JWT_SECRET: SECRET,
  SSO_ISSUER: "hr",
  SSO_AUDIENCE: "chat",
  SSO_CLAIM_SUBJECT: "employee_id",
  SSO_CLAIM_DEPARTMENT: "https://acme.test/claims/department",
}).sso;
if (!sso) throw new Error("SSO config expected");
const verifier = new HostTokenVerifier(sso);

const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("hr")
    .setAudience("chat")
    .setExpirationTime("1m")
    .sign(new TextEncoder().encode(SECRET));

describe("host token claim mapping", () => {
  it("reads the configured claim names; a numeric id becomes a string; bad values are dropped", async () => {
    const identity = await verifier.verify(
      await sign({
        employee_id: 4711,
        name: "  Zoë Ünal  ",
        email: "not-an-email",
        picture: "javascript:alert(1)",
        "https://acme.test/claims/department": "R&D",
      }),
    );
    expect(identity).toEqual({
      externalId: "4711",
      displayName: "Zoë Ünal",
      email: null,
      avatarUrl: null,
      department: "R&D",
      usernameHint: null,
    });
  });

  it("leaves absent claims undefined (keep what is stored) and falls back to the id for a name", async () => {
    const identity = await verifier.verify(await sign({ employee_id: "e-1" }));
    expect(identity).toMatchObject({ externalId: "e-1", displayName: "e-1", email: undefined, department: undefined });
  });

  it("refuses a token whose subject claim is missing (sub alone is not the configured claim)", async () => {
    await expect(verifier.verify(await sign({ sub: "e-2" }))).rejects.toMatchObject({ code: "SSO_TOKEN_INVALID" });
  });
});

describe("usernames for provisioned users", () => {
  it("derives a valid username from the hint or the name, and suffixes retries", () => {
    expect(usernameCandidate({ usernameHint: "Jean.Dupont", displayName: "x" }, 0)).toBe("jean.dupont");
    expect(usernameCandidate({ usernameHint: null, displayName: "Zoë Ünal" }, 0)).toBe("zoe-unal");
    expect(usernameCandidate({ usernameHint: null, displayName: "李" }, 0)).toBe("user");
    expect(usernameCandidate({ usernameHint: "al", displayName: "x" }, 0)).toBe("user-al");
    expect(usernameCandidate({ usernameHint: "jean", displayName: "x" }, 1)).toMatch(/^jean-[0-9a-f]{6}$/);
    const long = usernameCandidate({ usernameHint: "a".repeat(80), displayName: "x" }, 3);
    expect(long.length).toBeLessThanOrEqual(32);
  });
});
