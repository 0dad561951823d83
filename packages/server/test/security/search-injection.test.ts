import { ApiPath } from "@teamchat/protocol";
import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, useTestServer } from "../harness.js";
import { expectAlive, query, rawFetch } from "./attack-kit.js";

/**
 * Search input built to hurt: tsquery operators and syntax errors, SQL quoting, LIKE
 * wildcards, catastrophic-backtracking regex shapes. Every one is a typed answer (results or
 * VALIDATION_FAILED), the data is untouched, and the server keeps serving. No clock assertions:
 * the test timeout bounds them, and bench/ measures speed.
 */
const server = useTestServer();

const NASTY = [
  "'",
  '"',
  "\\",
  "''''''''",
  '"unterminated phrase',
  "& | ! ( ) : * < - >",
  "a & | b",
  "!!!!!!!!",
  "a <-> b <2> c",
  "a:* & b:A",
  `${"(".repeat(199)}`,
  `${"!(".repeat(66)}x`,
  `${"or ".repeat(66)}x`,
  `${"-".repeat(200)}`,
  "'); DROP TABLE messages; --",
  "x' OR '1'='1",
  "$1 $$ $$",
  "%",
  "_",
  "%_%_%_%",
  "(a+)+$",
  `(a|aa)*${"a".repeat(60)}!`,
  `^(([a-z])+.)+[A-Z]([a-z])+$ ${"a".repeat(100)}`,
  ".*.*.*.*.*.*.*.*.*.*=",
  "\u202E\u200B",
  "🏳️‍🌈",
];

describe("search input as an attack", () => {
  it("every nasty query gets a typed answer, matches only real words, and changes nothing", async () => {
    const [a, b] = [await server.user("si-a"), await server.user("si-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const socket = await a.connect();
    for (const body of ["alpha beta", "gamma (a+)+ delta", "it's quoted"]) {
      await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body });
    }
    const before = await query(server, "SELECT count(*)::int AS n FROM messages");
    for (const q of NASTY) {
      for (const path of [ApiPath.search, ApiPath.users]) {
        const res = await rawFetch(server, "GET", `${path}?q=${encodeURIComponent(q)}`, {
          token: a.session.accessToken,
        });
        expect([200, 400], `${path} ${q}: ${JSON.stringify(res.json)}`).toContain(res.status);
        if (res.status === 400) expect(res.json?.error?.code).toBe("VALIDATION_FAILED");
        if (path === ApiPath.users && res.status === 200) {
          // LIKE wildcards are escaped: "%" or "_" is not "everyone".
          for (const u of (res.json?.data ?? []) as { username: string; displayName: string }[]) {
            expect(`${u.username} ${u.displayName}`.toLowerCase(), q).toContain(q.toLowerCase().split(" ")[0]);
          }
        }
      }
    }
    expect(await query(server, "SELECT count(*)::int AS n FROM messages")).toEqual(before);
    expect((await a.api.search("alpha")).results).toHaveLength(1);
    expect((await a.api.search("(a+)+ delta")).results.map((r) => r.message.body)).toEqual(["gamma (a+)+ delta"]);
    await expectAlive(server);
  });
});
