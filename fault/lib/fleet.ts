import crypto from "node:crypto";
import { REFRESH_COOKIE } from "@teamchat/protocol";
import { ChatClient, type OutboxEntry } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../../packages/server/src/db/database.js";
import { RefreshTokens } from "../../packages/server/src/modules/auth/refresh-tokens.js";

export type Fleet = {
  userIds: string[];
  /** Chat ids with their members (indexes into userIds). */
  chats: { id: string; members: number[] }[];
};

/**
 * `count` users in groups of `groupSize` (a direct chat when 2), inserted with set-based SQL:
 * argon2 registrations of hundreds of users are not what these tests are about. Clients still
 * sign in for real (refresh cookie → access token → socket handshake).
 */
export async function seedFleet(database: Database, count: number, groupSize: number): Promise<Fleet> {
  const tag = `f${crypto.randomBytes(4).toString("hex")}`;
  await database.exec(`
    INSERT INTO users (username, display_name)
    SELECT '${tag}-' || lpad(g::text, 5, '0'), 'Fleet ' || g FROM generate_series(0, ${count - 1}) g;`);
  const users = rowsOf<{ id: string }>(
    await database.db.execute(sql`SELECT id FROM users WHERE username LIKE ${`${tag}-%`} ORDER BY username`),
  ).map((r) => r.id);
  const chats: Fleet["chats"] = [];
  for (let start = 0; start + groupSize <= count; start += groupSize) {
    const members = Array.from({ length: groupSize }, (_, i) => start + i);
    const ids = members.map((i) => users[i] as string);
    const direct = groupSize === 2;
    const [chat] = rowsOf<{ id: string }>(
      await database.db.execute(
        direct
          ? sql`INSERT INTO chats (type, direct_key) VALUES ('direct', ${[...ids].sort().join(":")}) RETURNING id`
          : sql`INSERT INTO chats (type, name, created_by) VALUES ('group', ${`${tag} ${start}`}, ${ids[0]}) RETURNING id`,
      ),
    );
    if (!chat) throw new Error("chat not created");
    for (const [i, userId] of ids.entries()) {
      const role = !direct && i === 0 ? "admin" : "member";
      await database.db.execute(
        sql`INSERT INTO chat_members (chat_id, user_id, role) VALUES (${chat.id}, ${userId}, ${role})`,
      );
    }
    chats.push({ id: chat.id, members });
  }
  return { userIds: users, chats };
}

/** A signed-in SDK client (refresh cookie issued in the database, then the real refresh route). */
export async function signIn(database: Database, serverUrl: string, userId: string): Promise<ChatClient> {
  const { cookieValue } = await new RefreshTokens(database.db, 1).issue(userId);
  const cookies = new Map([[REFRESH_COOKIE, cookieValue]]);
  const client = new ChatClient({
    serverUrl,
    ackTimeoutMs: 5_000,
    cookieJar: {
      get: () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      set: (headers) => {
        for (const header of headers) {
          const [pair = ""] = header.split(";");
          const eq = pair.indexOf("=");
          if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
      },
    },
  });
  // Refresh may meet a node that is busy: try a few times, as an app would.
  for (let attempt = 0; ; attempt++) {
    try {
      if (await client.restoreSession()) {
        observe(client);
        return client;
      }
      throw new Error("no session");
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
    }
  }
}

/** Connection troubles seen by the fleet's sockets (for failure messages). */
export const socketTrouble = new Map<string, number>();

function observe(client: ChatClient): void {
  // The SDK keeps its socket private; the tests only listen to it.
  const socket = (client as unknown as { socket: import("@teamchat/sdk").ChatSocket | null }).socket;
  const count = (what: string) => socketTrouble.set(what, (socketTrouble.get(what) ?? 0) + 1);
  socket?.on("connect_error", (err: Error & { data?: { code?: string } }) =>
    count(`connect_error ${err.data?.code ?? err.message}`),
  );
  socket?.on("disconnect", (reason) => count(`disconnect ${reason}`));
}

/** Signs in `userIds` with at most `concurrency` sign-ins at once; waits until each is live and has opened its chats. */
export async function signInAll(
  database: Database,
  serverUrl: string,
  userIds: string[],
  chatsOf: (index: number) => string[],
  concurrency = 20,
): Promise<ChatClient[]> {
  const clients: ChatClient[] = new Array(userIds.length);
  let next = 0;
  const worker = async () => {
    while (next < userIds.length) {
      const i = next++;
      const client = await signIn(database, serverUrl, userIds[i] as string);
      await until(() => client.connection === "live", 60_000, `client ${i} live`);
      // Opening a chat sets its sync cursor (as the app does when a chat is shown).
      for (const chatId of chatsOf(i)) await client.loadHistory(chatId, {});
      clients[i] = client;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return clients;
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type StoredRow = { id: string; chat_id: string; seq: number; sender_id: string; client_id: string; body: string };

/**
 * The end state every fault test demands:
 * - every message a client queued (outbox) is stored exactly once, and nothing else is;
 * - seqs in each chat are 1..n with no gap, and each sender's messages keep their send order;
 * - every client's outbox is empty and its cache of each of its chats equals the database.
 * Waits up to `timeoutMs` for the clients to converge, then throws with what still differs.
 */
export async function expectConverged(
  database: Database,
  fleet: Fleet,
  clients: ChatClient[],
  queued: Map<string, { chatId: string; senderIndex: number; order: number }>,
  timeoutMs = 180_000,
): Promise<{ stored: number; convergedMs: number }> {
  const started = Date.now();
  await until(() => clients.every((c) => c.pendingSends().length === 0), timeoutMs, "every outbox empty").catch(
    (err: Error) => {
      const stuck = clients
        .map((c, i) => ({ i, state: c.connection, pending: c.pendingSends() }))
        .filter((c) => c.pending.length > 0);
      const lines = stuck
        .slice(0, 10)
        .map(
          (c) =>
            `client ${c.i} (${c.state}): ${c.pending.length} pending, first ${c.pending[0]?.status} after ${c.pending[0]?.attempts} attempts: ${c.pending[0]?.error}`,
        );
      const trouble = [...socketTrouble].map(([k, v]) => `${k}: ${v}`).join(", ");
      throw new Error(`${err.message}; ${stuck.length} clients stuck:\n${lines.join("\n")}\nsockets: ${trouble}`);
    },
  );
  const chatIds = fleet.chats.map((c) => c.id);
  const rows = rowsOf<StoredRow>(
    await database.db.execute(
      sql`SELECT id, chat_id, seq, sender_id, client_id, body FROM messages
          WHERE chat_id IN (${sql.join(
            chatIds.map((id) => sql`${id}`),
            sql`, `,
          )}) ORDER BY chat_id, seq`,
    ),
  );
  const problems: string[] = [];
  const byClientId = new Map<string, StoredRow[]>();
  for (const row of rows) byClientId.set(row.client_id, [...(byClientId.get(row.client_id) ?? []), row]);
  for (const [clientId, info] of queued) {
    const copies = byClientId.get(clientId)?.length ?? 0;
    if (copies !== 1) problems.push(`${clientId} (chat ${info.chatId}) stored ${copies} times`);
  }
  if (rows.length !== queued.size) problems.push(`${rows.length} rows stored for ${queued.size} queued messages`);
  const byChat = new Map<string, StoredRow[]>();
  for (const row of rows) byChat.set(row.chat_id, [...(byChat.get(row.chat_id) ?? []), row]);
  for (const [chatId, list] of byChat) {
    if (list.some((r, i) => r.seq !== i + 1)) problems.push(`chat ${chatId}: seqs not 1..${list.length}`);
    const lastOrder = new Map<string, number>();
    for (const row of list) {
      const order = queued.get(row.client_id)?.order ?? -1;
      if (order <= (lastOrder.get(row.sender_id) ?? -1)) {
        const mine = list.filter((r) => r.sender_id === row.sender_id);
        const sequence = mine.map((r) => `seq ${r.seq}: ${r.body} (queued #${queued.get(r.client_id)?.order})`);
        problems.push(`chat ${chatId}: ${row.client_id} out of order; sender's messages: ${sequence.join(" | ")}`);
      }
      lastOrder.set(row.sender_id, order);
    }
  }
  if (problems.length > 0) throw new Error(`database state wrong:\n${problems.slice(0, 20).join("\n")}`);

  const expected = new Map([...byChat].map(([chatId, list]) => [chatId, list.map((r) => `${r.seq}:${r.id}`)]));
  const differing = async () => {
    const wrong: string[] = [];
    for (const chat of fleet.chats) {
      const want = (expected.get(chat.id) ?? []).join(",");
      for (const member of chat.members) {
        const client = clients[member];
        if (!client) continue;
        const cached = await client.cachedMessages(chat.id, { limit: 100_000 });
        const have = [...cached].sort((a, b) => a.seq - b.seq).map((m) => `${m.seq}:${m.id}`);
        if (have.join(",") !== want)
          wrong.push(`client ${member} in chat ${chat.id}: ${have.length}/${want.split(",").length}`);
      }
    }
    return wrong;
  };
  let wrong = await differing();
  while (wrong.length > 0 && Date.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, 500));
    wrong = await differing();
  }
  if (wrong.length > 0) throw new Error(`clients differ from the server:\n${wrong.slice(0, 20).join("\n")}`);
  return { stored: rows.length, convergedMs: Date.now() - started };
}

/** Sends through a client's outbox and remembers what was queued, in order, for the checks. */
export function recorder() {
  const queued = new Map<string, { chatId: string; senderIndex: number; order: number }>();
  let order = 0;
  return {
    queued,
    send: async (client: ChatClient, senderIndex: number, chatId: string, body: string): Promise<OutboxEntry> => {
      const entry = await client.sendMessage(chatId, body);
      queued.set(entry.clientId, { chatId, senderIndex, order: order++ });
      return entry;
    },
  };
}
