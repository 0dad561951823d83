import * as argon2 from "@node-rs/argon2";
import { ApiPath } from "@teamchat/protocol";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useTestServer } from "../harness.js";
import { rawFetch } from "./attack-kit.js";

/**
 * Account enumeration through login and registration. Timing is checked structurally, not by
 * the clock: an unknown username must cost the same argon2 verification as a wrong password.
 */
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, hash: vi.fn(real.hash), verify: vi.fn(real.verify) };
});

const server = useTestServer();
const login = (username: string, password: string) =>
  rawFetch(server, "POST", ApiPath.login, { body: JSON.stringify({ username, password }) });

beforeEach(() => {
  vi.mocked(argon2.verify).mockClear();
  vi.mocked(argon2.hash).mockClear();
});

describe("user enumeration", () => {
  it("unknown user and wrong password: same status, same body, and both run one argon2 verify", async () => {
    const user = await server.user("en-real");
    vi.mocked(argon2.verify).mockClear();
    const wrong = await login(user.username, "wrong password here");
    expect(vi.mocked(argon2.verify)).toHaveBeenCalledTimes(1);
    const unknown = await login("no-such-user-anywhere", "wrong password here");
    // The dummy-hash path: a real verification against a real argon2id hash, not a shortcut.
    expect(vi.mocked(argon2.verify)).toHaveBeenCalledTimes(2);
    const [dummyHash] = vi.mocked(argon2.verify).mock.calls[1] ?? [];
    expect(String(dummyHash)).toMatch(/^\$argon2id\$/);
    expect(unknown).toEqual(wrong);
    expect(unknown).toEqual({
      status: 401,
      json: { success: false, error: expect.objectContaining({ code: "INVALID_CREDENTIALS" }) },
    });
  });

  it("registration of a taken name says USERNAME_TAKEN (the UX needs it) after the same hashing work", async () => {
    const user = await server.user("en-taken");
    const body = (username: string) => JSON.stringify({ username, password: "long enough pw", displayName: "X" });
    vi.mocked(argon2.hash).mockClear();
    const taken = await rawFetch(server, "POST", ApiPath.register, { body: body(user.username) });
    expect(vi.mocked(argon2.hash)).toHaveBeenCalledTimes(1);
    expect(taken.status).toBe(409);
    expect(taken.json?.error?.code).toBe("USERNAME_TAKEN");
    // It reveals no more than the directory every signed-in colleague can search, and nothing
    // about the account itself (no id, no display name).
    expect(JSON.stringify(taken.json)).not.toContain(user.id);
    expect(JSON.stringify(taken.json)).not.toContain("en-taken-");
    const fresh = await rawFetch(server, "POST", ApiPath.register, { body: body(`en-new-${Date.now()}`) });
    expect(fresh.status).toBe(201);
    expect(vi.mocked(argon2.hash)).toHaveBeenCalledTimes(2);
  });
});
