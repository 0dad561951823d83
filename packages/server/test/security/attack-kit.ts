import { type ErrorCode, errorCodeSchema } from "@teamchat/protocol";
import type { ChatSocket } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { rowsOf } from "../../src/db/database.js";
import type { TestServer } from "../harness.js";

/** What a socket answers, untyped: attacks send what the typed SDK would refuse to. */
export type RawAck = { ok: boolean; error?: { code: string; message: string; details?: unknown[] } } & Record<
  string,
  unknown
>;

/** Emits any event with any payload and resolves with the ack (or "no-ack" after `timeoutMs`). */
export function rawEmit(socket: ChatSocket, event: string, payload: unknown, timeoutMs = 10_000) {
  return new Promise<RawAck | "no-ack">((resolve) => {
    const timer = setTimeout(() => resolve("no-ack"), timeoutMs);
    (socket.emit as unknown as (e: string, p: unknown, cb: (a: RawAck) => void) => void)(event, payload, (ack) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

let rawAckId = 900_000;

/**
 * Emits an event whose payload is given as JSON text, written straight to the transport as a
 * socket.io packet: for payloads the client's own encoder cannot even serialise (deep nesting).
 */
export function rawEmitText(socket: ChatSocket, event: string, payloadJson: string, timeoutMs = 10_000) {
  const id = rawAckId++;
  const engine = socket.io.engine;
  return new Promise<RawAck | "no-ack">((resolve) => {
    const onPacket = (packet: { type: string; data?: unknown }) => {
      if (packet.type !== "message" || typeof packet.data !== "string" || !packet.data.startsWith(`3${id}[`)) return;
      engine.off("packet", onPacket);
      clearTimeout(timer);
      resolve((JSON.parse(packet.data.slice(`3${id}`.length)) as RawAck[])[0] as RawAck);
    };
    const timer = setTimeout(() => {
      engine.off("packet", onPacket);
      resolve("no-ack");
    }, timeoutMs);
    engine.on("packet", onPacket);
    engine.write(`2${id}[${JSON.stringify(event)},${payloadJson}]`);
  });
}

/** JSON text nested `depth` levels deep, built without recursion. */
export const deepObjectJson = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
export const deepArrayJson = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** An ack must be `{ ok: true, ... }` or `{ ok: false, error }` with a code from the catalogue. */
export function expectTypedAck(ack: RawAck | "no-ack", context: string): asserts ack is RawAck {
  expect(ack, context).not.toBe("no-ack");
  const answer = ack as RawAck;
  expect(typeof answer.ok, context).toBe("boolean");
  if (!answer.ok) {
    expect(errorCodeSchema.safeParse(answer.error?.code).success, `${context}: ${JSON.stringify(answer)}`).toBe(true);
    expect(typeof answer.error?.message, context).toBe("string");
  }
}

export function expectRefused(ack: RawAck | "no-ack", codes: readonly ErrorCode[], context: string) {
  expectTypedAck(ack, context);
  expect(ack.ok, `${context}: ${JSON.stringify(ack).slice(0, 200)}`).toBe(false);
  expect(codes, `${context}: got ${ack.error?.code}`).toContain(ack.error?.code);
}

/** A raw REST call; returns status and parsed JSON (or the text when it is not JSON). */
export async function rawFetch(
  server: TestServer,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: string | undefined; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: { success?: boolean; data?: unknown; error?: { code: string } } | null }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] ??= "application/json";
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers, body: options.body });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json };
}

/** The server answers a plain request: it did not crash or wedge. */
export async function expectAlive(server: TestServer) {
  const res = await fetch(`${server.baseUrl}/healthz`);
  expect(res.status).toBe(200);
}

export async function query<T>(server: TestServer, text: string): Promise<T[]> {
  return rowsOf<T>(await server.database.db.execute(sql.raw(text)));
}

/** Object.prototype must carry nothing a request put there. */
export function expectNoPrototypePollution() {
  const probe = {} as Record<string, unknown>;
  for (const key of ["polluted", "isAdmin", "role", "admin", "ok", "userId"]) {
    expect(probe[key], `Object.prototype.${key}`).toBeUndefined();
  }
  expect(Object.keys(Object.prototype)).toEqual([]);
}

/**
 * The database invariants an attack must never break: per-chat message seqs unique and
 * gap-free up to chats.last_seq, change seqs unique and within chats.change_seq, no message or
 * membership pointing at a missing chat or user, every group with at least one admin, every
 * direct chat with exactly two members (or fewer only after an account is gone), pointers
 * within the chat's seq.
 */
export async function expectConsistentDatabase(server: TestServer) {
  const problems: Record<string, unknown[]> = {
    seqGaps: await query(
      server,
      `SELECT c.id, c.last_seq, count(m.id)::int AS n, count(DISTINCT m.seq)::int AS distinct_seqs,
              coalesce(max(m.seq), 0) AS max_seq, coalesce(min(m.seq), 1) AS min_seq
         FROM chats c LEFT JOIN messages m ON m.chat_id = c.id
        GROUP BY c.id, c.last_seq
       HAVING count(m.id) <> c.last_seq OR count(DISTINCT m.seq) <> count(m.id)
           OR coalesce(max(m.seq), 0) <> c.last_seq OR coalesce(min(m.seq), 1) <> 1`,
    ),
    changeSeqs: await query(
      server,
      `SELECT m.chat_id FROM messages m JOIN chats c ON c.id = m.chat_id
        GROUP BY m.chat_id, c.change_seq
       HAVING count(DISTINCT m.change_seq) <> count(*) OR max(m.change_seq) > c.change_seq`,
    ),
    orphanMessages: await query(
      server,
      "SELECT m.id FROM messages m LEFT JOIN chats c ON c.id = m.chat_id WHERE c.id IS NULL",
    ),
    orphanMembers: await query(
      server,
      `SELECT cm.chat_id, cm.user_id FROM chat_members cm
         LEFT JOIN chats c ON c.id = cm.chat_id LEFT JOIN users u ON u.id = cm.user_id
        WHERE c.id IS NULL OR u.id IS NULL`,
    ),
    groupsWithoutAdmin: await query(
      server,
      `SELECT c.id FROM chats c WHERE c.type = 'group'
          AND EXISTS (SELECT 1 FROM chat_members m WHERE m.chat_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM chat_members m WHERE m.chat_id = c.id AND m.role = 'admin')`,
    ),
    directNotTwo: await query(
      server,
      `SELECT c.id FROM chats c WHERE c.type = 'direct'
          AND (SELECT count(*) FROM chat_members m WHERE m.chat_id = c.id) <> 2`,
    ),
    pointersBeyondSeq: await query(
      server,
      `SELECT m.chat_id FROM chat_members m JOIN chats c ON c.id = m.chat_id
        WHERE m.read_seq > c.last_seq OR m.delivered_seq > c.last_seq OR m.read_seq < 0`,
    ),
    memberAndFormer: await query(
      server,
      `SELECT f.chat_id FROM chat_former_members f
         JOIN chat_members m ON m.chat_id = f.chat_id AND m.user_id = f.user_id`,
    ),
    reactionsOnMissing: await query(
      server,
      `SELECT r.message_id FROM message_reactions r LEFT JOIN messages m ON m.id = r.message_id
        WHERE m.id IS NULL`,
    ),
  };
  expect(problems).toEqual({
    seqGaps: [],
    changeSeqs: [],
    orphanMessages: [],
    orphanMembers: [],
    groupsWithoutAdmin: [],
    directNotTwo: [],
    pointersBeyondSeq: [],
    memberAndFormer: [],
    reactionsOnMissing: [],
  });
}

export { errorCodeSchema };
