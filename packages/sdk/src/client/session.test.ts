import type { Me, Session } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import type { ApiClient } from "../api-client.js";
import { ChatError } from "../errors.js";
import { SessionKeeper } from "./session.js";

const me = (id: string) => ({ id, username: id, displayName: id }) as unknown as Me;
const session = (id: string, token = `access-${id}`): Session =>
  ({ accessToken: token, expiresIn: 900, user: me(id) }) as unknown as Session;
const refused = (code: ChatError["code"]) => Promise.reject(new ChatError({ code, message: code }));

/** An ApiClient with just the two calls a session keeper makes, answering as told. */
function api(refresh: () => Promise<Session>, sso: (token: string) => Promise<Session>) {
  return { refresh, sso } as unknown as ApiClient;
}

describe("SessionKeeper renewal", () => {
  it("uses the refresh cookie when it works, without asking for a host token", async () => {
    let asked = 0;
    const keeper = new SessionKeeper(
      api(
        async () => session("u1"),
        async () => session("u1"),
      ),
      () => {},
      async () => {
        asked++;
        return "host";
      },
    );
    expect((await keeper.refresh())?.accessToken).toBe("access-u1");
    expect(asked).toBe(0);
    keeper.clear();
  });

  it("without a refresh cookie (cross-site), exchanges a fresh host token for the same person", async () => {
    const tokens: string[] = [];
    const keeper = new SessionKeeper(
      api(
        () => refused("REFRESH_TOKEN_INVALID"),
        async (token) => {
          tokens.push(token);
          return session("u1", `access-${tokens.length}`);
        },
      ),
      () => {},
      async () => `host-${tokens.length + 1}`,
    );
    keeper.adopt(session("u1", "access-0"));
    expect((await keeper.refresh())?.accessToken).toBe("access-1");
    expect((await keeper.refresh())?.accessToken).toBe("access-2");
    expect(tokens).toEqual(["host-1", "host-2"]);
    expect(keeper.endReason).toBeNull();
    keeper.clear();
  });

  it("ends with the reason when the host token is refused, or names another person", async () => {
    const ends: (Me | null)[] = [];
    const disabled = new SessionKeeper(
      api(
        () => refused("REFRESH_TOKEN_INVALID"),
        () => refused("ACCOUNT_DISABLED"),
      ),
      (m) => ends.push(m),
      async () => "host",
    );
    disabled.adopt(session("u1"));
    expect(await disabled.refresh()).toBeNull();
    expect(disabled.endReason).toBe("ACCOUNT_DISABLED");
    expect(ends.at(-1)).toBeNull();

    const switched = new SessionKeeper(
      api(
        () => refused("REFRESH_TOKEN_INVALID"),
        async () => session("u2"),
      ),
      () => {},
      async () => "host",
    );
    switched.adopt(session("u1"));
    expect(await switched.refresh()).toBeNull();
    expect(switched.endReason).toBe("USER_CHANGED");
  });

  it("a server that cannot be reached is not an ended session", async () => {
    const keeper = new SessionKeeper(
      api(
        () => refused("UNAVAILABLE"),
        async () => session("u1"),
      ),
      () => {},
      async () => "host",
    );
    keeper.adopt(session("u1"));
    await expect(keeper.refresh()).rejects.toThrow(ChatError);
    expect(keeper.user?.id).toBe("u1");
    keeper.clear();
  });
});
