import { and, eq, inArray, like, sql } from "drizzle-orm";
import type { Database, Executor } from "../../packages/server/src/db/database.js";
import { messages, users } from "../../packages/server/src/db/schema.js";
import { hashPassword } from "../../packages/server/src/modules/auth/passwords.js";
import { insertGroupChat, upsertDirectChat } from "../../packages/server/src/modules/chats/chats.repo.js";
import { findUserByUsername, insertUser } from "../../packages/server/src/modules/users/users.repo.js";
import {
  CONVERSATIONS,
  type Conversation,
  DEMO_PASSWORD,
  DEMO_USERS,
  LOAD_TEST_CHAT,
  MARKER_USERNAME,
  type Session,
} from "./content.js";
import { insertGeneratedMessages } from "./generated-messages.js";

export type SeedDemoOptions = {
  /** Size of the generated "Load test" chat; tests use a small one. */
  bigChatMessages?: number;
  /** "Now" for every relative timestamp; defaults to the current time. */
  now?: Date;
};

export type SeededChat = { chatId: string; label: string; messages: number };

export type SeedDemoResult =
  | { status: "already-present" }
  | {
      status: "seeded";
      usernames: string[];
      password: string;
      chats: SeededChat[];
      /** Wall time of the single bulk INSERT … SELECT of the big chat. */
      bigChatInsertMs: number;
    };

/** Some demo usernames belong to real accounts: seeding would mix demo chats into them. */
export class DemoConflictError extends Error {
  override name = "DemoConflictError";
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * Fills an instance with demo users, conversations and one big generated chat. Idempotent:
 * everything is written in one transaction, so the data is either all there (a second run
 * reports "already-present" and writes nothing) or not there at all.
 */
export async function seedDemo(database: Database, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const db = database.db;
  const now = options.now ?? new Date();
  const bigChatMessages = options.bigChatMessages ?? 10_000;
  if (await demoAlreadySeeded(db)) return { status: "already-present" };
  await refuseTakenUsernames(db);

  // argon2 is slow on purpose; hash before the transaction so it holds no lock meanwhile.
  const hashed = await Promise.all(
    DEMO_USERS.map(async (user) => ({ user, passwordHash: await hashPassword(DEMO_PASSWORD) })),
  );

  return db.transaction(async (tx) => {
    const userIds = new Map<string, string>();
    for (const { user, passwordHash } of hashed) {
      const row = await insertUser(tx, { username: user.username, displayName: user.displayName, passwordHash });
      // insertUser only takes what registration asks for; profile and history come after.
      await tx
        .update(users)
        .set({
          statusMessage: user.statusMessage,
          lastSeenAt: new Date(now.getTime() - user.lastSeenMinutesAgo * MINUTE_MS),
          createdAt: new Date(now.getTime() - (LOAD_TEST_CHAT.spanDays + 7) * DAY_MS),
        })
        .where(eq(users.id, row.id));
      userIds.set(user.username, row.id);
    }
    const idOf = (username: string): string => {
      const id = userIds.get(username);
      if (!id) throw new Error(`demo content names an unknown user: ${username}`);
      return id;
    };

    const chats: SeededChat[] = [];
    for (const conversation of CONVERSATIONS) chats.push(await seedConversation(tx, conversation, idOf, now));
    const bigChat = await seedLoadTestChat(tx, idOf, bigChatMessages, now);
    chats.push(bigChat.chat);
    return {
      status: "seeded" as const,
      usernames: DEMO_USERS.map((u) => u.username),
      password: DEMO_PASSWORD,
      chats,
      bigChatInsertMs: bigChat.insertMs,
    };
  });
}

/** The marker user exists and has sent a demo message (client ids 'demo-…' are ours alone). */
async function demoAlreadySeeded(db: Executor): Promise<boolean> {
  const marker = await findUserByUsername(db, MARKER_USERNAME);
  if (!marker) return false;
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.senderId, marker.id), like(messages.clientId, "demo-%")))
    .limit(1);
  return row !== undefined;
}

async function refuseTakenUsernames(db: Executor): Promise<void> {
  const wanted = DEMO_USERS.map((u) => u.username);
  const taken = await db.select({ username: users.username }).from(users).where(inArray(users.username, wanted));
  if (taken.length === 0) return;
  throw new DemoConflictError(
    `These usernames already belong to accounts that are not demo data: ${taken.map((t) => t.username).join(", ")}. ` +
      "The demo is meant for an empty instance; use a fresh DATA_DIR or database.",
  );
}

async function seedConversation(
  tx: Executor,
  conversation: Conversation,
  idOf: (username: string) => string,
  now: Date,
): Promise<SeededChat> {
  const chatId =
    conversation.type === "direct"
      ? (await upsertDirectChat(tx, idOf(conversation.between[0]), idOf(conversation.between[1]))).chatId
      : await insertGroupChat(tx, idOf(conversation.admin), {
          name: conversation.name,
          description: conversation.description,
          memberIds: conversation.members.map(idOf),
        });
  const timed = scheduleLines(conversation.sessions, now);
  await tx.insert(messages).values(
    timed.map((line, index) => ({
      chatId,
      seq: index + 1,
      senderId: idOf(line.speaker),
      clientId: `demo-${conversation.slug}-${String(index + 1).padStart(6, "0")}`,
      kind: "text" as const,
      body: line.body,
      createdAt: line.at,
    })),
  );
  const unread = Object.entries(conversation.unread ?? {}).map(([username, count]) => ({
    userId: idOf(username),
    count,
  }));
  await finishChat(tx, chatId, unread);
  const label = conversation.type === "direct" ? conversation.between.join(" ↔ ") : conversation.name;
  return { chatId, label, messages: timed.length };
}

async function seedLoadTestChat(
  tx: Executor,
  idOf: (username: string) => string,
  count: number,
  now: Date,
): Promise<{ chat: SeededChat; insertMs: number }> {
  const spec = LOAD_TEST_CHAT;
  const [adminId, memberId] = [idOf(spec.admin), idOf(spec.member)];
  const chatId = await insertGroupChat(tx, adminId, {
    name: spec.name,
    description: spec.description,
    memberIds: [memberId],
  });
  const lastAt = new Date(now.getTime() - spec.endsMinutesAgo * MINUTE_MS);
  const unread = Math.min(spec.unreadForMember, count);
  const started = performance.now();
  await insertGeneratedMessages(tx, {
    chatId,
    firstSenderId: adminId,
    secondSenderId: memberId,
    count,
    burst: unread,
    clientIdPrefix: `demo-${spec.slug}-`,
    firstAt: new Date(lastAt.getTime() - spec.spanDays * DAY_MS),
    lastAt,
  });
  const insertMs = performance.now() - started;
  await finishChat(tx, chatId, [{ userId: memberId, count: unread }]);
  return { chat: { chatId, label: spec.name, messages: count }, insertMs };
}

/**
 * Makes the chat row agree with its messages (last_seq = max seq, activity = newest message,
 * created an hour before the first) and sets read pointers: everyone has received and read
 * everything, except the given members, who have exactly `count` unread messages from others.
 */
async function finishChat(
  tx: Executor,
  chatId: string,
  unread: readonly { userId: string; count: number }[],
): Promise<void> {
  // Seeded messages enter the change feed in seq order, as if sent one by one.
  await tx.execute(sql`UPDATE messages SET change_seq = seq WHERE chat_id = ${chatId}`);
  await tx.execute(sql`
    UPDATE chats c SET last_seq = s.last_seq, change_seq = s.last_seq, last_activity_at = s.last_at, created_at = s.first_at - interval '1 hour'
    FROM (SELECT max(seq) AS last_seq, max(created_at) AS last_at, min(created_at) AS first_at
          FROM messages WHERE chat_id = ${chatId}) s
    WHERE c.id = ${chatId}`);
  await tx.execute(sql`
    UPDATE chat_members m SET joined_at = c.created_at, delivered_seq = c.last_seq, read_seq = c.last_seq
    FROM chats c WHERE c.id = m.chat_id AND m.chat_id = ${chatId}`);
  for (const { userId, count } of unread) {
    if (count <= 0) continue;
    // Just before the count-th newest message from someone else: the same rule the unread badge counts by.
    await tx.execute(sql`
      UPDATE chat_members SET read_seq = COALESCE((
        SELECT seq - 1 FROM messages
        WHERE chat_id = ${chatId} AND sender_id IS DISTINCT FROM ${userId}
        ORDER BY seq DESC OFFSET ${count - 1}::int LIMIT 1), 0)
      WHERE chat_id = ${chatId} AND user_id = ${userId}`);
  }
}

type TimedLine = { speaker: string; body: string; at: Date };

/** Gives each line a timestamp: sessions start at their time, lines follow 20 s to ~3 min apart. */
export function scheduleLines(sessions: readonly Session[], now: Date): TimedLine[] {
  const timed: TimedLine[] = [];
  let previous = 0;
  for (const session of sessions) {
    let at = sessionStart(session, now);
    // Keep seq order and time order the same even if two sessions overlap.
    at = Math.max(at, previous + MINUTE_MS);
    for (const [index, [speaker, body]] of session.lines.entries()) {
      if (index > 0) at += (20 + ((index * 37 + body.length) % 150)) * 1000;
      timed.push({ speaker, body, at: new Date(at) });
      previous = at;
    }
  }
  // Never in the future: a late "minutes ago" session could otherwise run past now.
  const overshoot = previous - (now.getTime() - 30_000);
  return overshoot > 0 ? timed.map((t) => ({ ...t, at: new Date(t.at.getTime() - overshoot) })) : timed;
}

function sessionStart(session: Session, now: Date): number {
  if ("minutesAgo" in session) return now.getTime() - session.minutesAgo * MINUTE_MS;
  // Local wall-clock time on that day, so the demo reads naturally in the seeding machine's zone.
  const [hours = 0, minutes = 0] = session.at.split(":").map(Number);
  const day = new Date(now.getTime() - session.daysAgo * DAY_MS);
  day.setHours(hours, minutes, 0, 0);
  return day.getTime();
}
