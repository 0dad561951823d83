import { ApiClient, memoryCookieJar } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS, LOAD_TEST_CHAT } from "../../../scripts/demo/content.js";
import { type SeedDemoResult, seedDemo } from "../../../scripts/demo/seed.js";
import { rowsOf } from "../src/db/database.js";
import { useTestServer } from "./harness.js";

// Small enough to keep the suite fast, big enough that the unread burst sits inside it.
const BIG_CHAT_MESSAGES = 500;

const server = useTestServer();
let firstRun: SeedDemoResult;

beforeAll(async () => {
  // The harness has migrated its database; seed it the way `npm run demo` would.
  firstRun = await seedDemo(server.database, { bigChatMessages: BIG_CHAT_MESSAGES });
});

async function query<T>(statement: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await server.database.db.execute(statement));
}

async function signIn(username: string): Promise<{ api: ApiClient; userId: string }> {
  let token: string | null = null;
  const api = new ApiClient({ baseUrl: server.baseUrl, getAccessToken: () => token, cookieJar: memoryCookieJar() });
  const session = await api.login({ username, password: DEMO_PASSWORD });
  token = session.accessToken;
  return { api, userId: session.user.id };
}

describe("demo data", () => {
  it("seeds on the first run", () => {
    expect(firstRun.status).toBe("seeded");
  });

  it("lets every demo user sign in with the documented password", async () => {
    for (const user of DEMO_USERS) {
      const me = await (await signIn(user.username)).api.me();
      expect(me).toMatchObject({ username: user.username, statusMessage: user.statusMessage });
    }
  });

  it("gives every user a newest-first chat list whose unread counts match a recount", async () => {
    for (const user of DEMO_USERS) {
      const { api, userId } = await signIn(user.username);
      const chats = await api.chats();
      expect(chats.length).toBeGreaterThan(0);
      const activity = chats.map((c) => Date.parse(c.lastActivityAt));
      expect(activity).toEqual([...activity].sort((a, b) => b - a));
      for (const chat of chats) {
        const [recount] = await query<{ unread: number; maxSeq: number }>(sql`
          SELECT count(*) FILTER (WHERE seq > ${chat.myReadSeq}::int
                   AND sender_id IS DISTINCT FROM ${userId}::uuid)::int AS "unread",
                 coalesce(max(seq), 0)::int AS "maxSeq"
          FROM messages WHERE chat_id = ${chat.id}`);
        expect(chat.unreadCount).toBe(recount?.unread);
        expect(chat.lastSeq).toBe(recount?.maxSeq);
        expect(chat.lastMessage?.seq).toBe(chat.lastSeq);
      }
    }
  });

  it("leaves bob with the documented unread badge in the big chat", async () => {
    const chats = await (await signIn(LOAD_TEST_CHAT.member)).api.chats();
    const bigChat = chats.find((c) => c.name === LOAD_TEST_CHAT.name);
    expect(bigChat).toMatchObject({ lastSeq: BIG_CHAT_MESSAGES, unreadCount: LOAD_TEST_CHAT.unreadForMember });
  });

  it("numbers the big chat 1..N with no gap, in time order, with unique client ids", async () => {
    const [stats] = await query<Record<string, number>>(sql`
      SELECT count(*)::int AS "count", min(seq)::int AS "min", max(seq)::int AS "max",
        count(DISTINCT seq)::int AS "distinctSeqs", count(DISTINCT client_id)::int AS "distinctClientIds",
        count(DISTINCT sender_id)::int AS "senders",
        count(*) FILTER (WHERE created_at <= prev_at)::int AS "outOfOrder"
      FROM (SELECT m.*, lag(m.created_at) OVER (ORDER BY m.seq) AS prev_at FROM messages m
            JOIN chats c ON c.id = m.chat_id WHERE c.name = ${LOAD_TEST_CHAT.name}) big`);
    expect(stats).toEqual({
      count: BIG_CHAT_MESSAGES,
      min: 1,
      max: BIG_CHAT_MESSAGES,
      distinctSeqs: BIG_CHAT_MESSAGES,
      distinctClientIds: BIG_CHAT_MESSAGES,
      senders: 2,
      outOfOrder: 0,
    });
  });

  it("adds nothing when run a second time", async () => {
    const counts = () =>
      query<Record<string, number>>(sql`SELECT
        (SELECT count(*)::int FROM users) AS "users", (SELECT count(*)::int FROM chats) AS "chats",
        (SELECT count(*)::int FROM chat_members) AS "members", (SELECT count(*)::int FROM messages) AS "messages"`);
    const before = await counts();
    await expect(seedDemo(server.database, { bigChatMessages: BIG_CHAT_MESSAGES })).resolves.toEqual({
      status: "already-present",
    });
    expect(await counts()).toEqual(before);
  });
});
