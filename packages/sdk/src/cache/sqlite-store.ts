import fs from "node:fs";
import path from "node:path";
import type { ChatSummary, Message } from "@teamchat/protocol";
import Database from "better-sqlite3";
import {
  type CacheStore,
  compareChatsByActivity,
  compareOutboxEntries,
  type MessagePage,
  type OutboxEntry,
  pageLimit,
} from "./cache-store.js";

/**
 * The rows' layout. Each entity is kept whole as JSON (what goes in comes out, as with
 * IndexedDB), next to the columns that are searched or ordered on. A file of another version
 * drops what the server can send again (chats, messages, sync cursors) and keeps the outbox.
 */
const SCHEMA_VERSION = 1;
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS chats (id TEXT PRIMARY KEY, json TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY,
    chat_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    change_seq INTEGER NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS messages_chat_seq ON messages (chat_id, seq, id);
  CREATE TABLE IF NOT EXISTS outbox (client_id TEXT PRIMARY KEY, json TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, json TEXT NOT NULL);
`;

type JsonRow = { json: string };

/** The cache file of one user in a folder (one file per user, as the browser has a database per user). */
export function sqliteCacheFile(dir: string, userId: string): string {
  return path.join(dir, `teamchat-cache-${userId}.sqlite`);
}

/** Deletes a cache file with its WAL and shared-memory companions (logout: `deleteCache`). */
export async function deleteSqliteCache(file: string): Promise<void> {
  for (const suffix of ["", "-wal", "-shm"]) await fs.promises.rm(`${file}${suffix}`, { force: true });
}

/**
 * The cache in a SQLite file (better-sqlite3), for bots and other Node programs: a restarted
 * process opens the same file and catches up from its cursors, so it gets exactly what it
 * missed. Node only (a native module): import it from `@teamchat/sdk/node`, never in a browser.
 * better-sqlite3 is synchronous, so every method finishes its work before its promise settles
 * and concurrent calls cannot interleave; multi-row writes are one transaction each.
 *
 *   new ChatClient({ serverUrl, openCache: (userId) => new SqliteCacheStore(sqliteCacheFile(dir, userId)) })
 */
export class SqliteCacheStore implements CacheStore {
  private readonly db: Database.Database;
  private closed = false;

  /** `file`: a path (its folder is created), or ":memory:". */
  constructor(file: string) {
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    // WAL: a crash loses at most the last transactions, never the file; NORMAL is durable enough
    // for a cache the server can refill.
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.migrate();
  }

  private migrate(): void {
    const version = this.db.pragma("user_version", { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    this.db.transaction(() => {
      if (version !== 0) this.db.exec("DROP TABLE IF EXISTS chats; DROP TABLE IF EXISTS messages; DELETE FROM meta;");
      this.db.exec(SCHEMA);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  async putChats(chats: ChatSummary[]): Promise<void> {
    const put = this.db.prepare("INSERT OR REPLACE INTO chats (id, json) VALUES (?, ?)");
    this.db.transaction(() => {
      for (const chat of chats) put.run(chat.id, JSON.stringify(chat));
    })();
  }

  async replaceChats(chats: ChatSummary[]): Promise<void> {
    const put = this.db.prepare("INSERT OR REPLACE INTO chats (id, json) VALUES (?, ?)");
    this.db.transaction(() => {
      this.db.exec("DELETE FROM chats");
      for (const chat of chats) put.run(chat.id, JSON.stringify(chat));
      // Also drops messages cached for a chat that never made it into the list.
      this.db.exec("DELETE FROM messages WHERE chat_id NOT IN (SELECT id FROM chats)");
    })();
  }

  async getChats(): Promise<ChatSummary[]> {
    const rows = this.db.prepare("SELECT json FROM chats").all() as JsonRow[];
    return rows.map((row) => JSON.parse(row.json) as ChatSummary).sort(compareChatsByActivity);
  }

  async getChat(chatId: string): Promise<ChatSummary | undefined> {
    const row = this.db.prepare("SELECT json FROM chats WHERE id = ?").get(chatId) as JsonRow | undefined;
    return row ? (JSON.parse(row.json) as ChatSummary) : undefined;
  }

  async putMessages(messages: Message[]): Promise<void> {
    // A stale copy (lower changeSeq) leaves the cached one; an equal changeSeq replaces.
    const put = this.db.prepare(`
      INSERT INTO messages (id, chat_id, seq, change_seq, json) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET chat_id = excluded.chat_id, seq = excluded.seq,
        change_seq = excluded.change_seq, json = excluded.json
      WHERE excluded.change_seq >= messages.change_seq`);
    this.db.transaction(() => {
      for (const m of messages) put.run(m.id, m.chatId, m.seq, m.changeSeq, JSON.stringify(m));
    })();
  }

  async getMessages(chatId: string, { beforeSeq, afterSeq, limit }: MessagePage): Promise<Message[]> {
    const count = pageLimit(limit);
    if (count === 0) return [];
    const upper = beforeSeq === undefined ? "" : "AND seq < @beforeSeq";
    const params = {
      chatId,
      count,
      ...(beforeSeq !== undefined && { beforeSeq }),
      ...(afterSeq !== undefined && { afterSeq }),
    };
    // A forward page (afterSeq) takes the oldest of the range, a backward page the newest.
    const rows =
      afterSeq === undefined
        ? (
            this.db
              .prepare(
                `SELECT json FROM messages WHERE chat_id = @chatId ${upper} ORDER BY seq DESC, id DESC LIMIT @count`,
              )
              .all(params) as JsonRow[]
          ).reverse()
        : (this.db
            .prepare(
              `SELECT json FROM messages WHERE chat_id = @chatId AND seq > @afterSeq ${upper} ORDER BY seq, id LIMIT @count`,
            )
            .all(params) as JsonRow[]);
    return rows.map((row) => JSON.parse(row.json) as Message);
  }

  async getMaxSeq(chatId: string): Promise<number> {
    const row = this.db.prepare("SELECT max(seq) AS seq FROM messages WHERE chat_id = ?").get(chatId) as {
      seq: number | null;
    };
    return row.seq ?? 0;
  }

  async removeMessages(chatId: string, messageIds: string[]): Promise<void> {
    const remove = this.db.prepare("DELETE FROM messages WHERE chat_id = ? AND id = ?");
    this.db.transaction(() => {
      for (const id of messageIds) remove.run(chatId, id);
    })();
  }

  async putOutbox(entry: OutboxEntry): Promise<void> {
    this.db
      .prepare("INSERT OR REPLACE INTO outbox (client_id, json) VALUES (?, ?)")
      .run(entry.clientId, JSON.stringify(entry));
  }

  async getOutbox(): Promise<OutboxEntry[]> {
    const rows = this.db.prepare("SELECT json FROM outbox").all() as JsonRow[];
    return rows.map((row) => JSON.parse(row.json) as OutboxEntry).sort(compareOutboxEntries);
  }

  async removeOutbox(clientId: string): Promise<void> {
    this.db.prepare("DELETE FROM outbox WHERE client_id = ?").run(clientId);
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    const row = this.db.prepare("SELECT json FROM meta WHERE key = ?").get(key) as JsonRow | undefined;
    return row ? (JSON.parse(row.json) as T) : undefined;
  }

  async setMeta<T>(key: string, value: T): Promise<void> {
    this.db.prepare("INSERT OR REPLACE INTO meta (key, json) VALUES (?, ?)").run(key, JSON.stringify(value ?? null));
  }

  async clear(): Promise<void> {
    this.db.exec("DELETE FROM chats; DELETE FROM messages; DELETE FROM outbox; DELETE FROM meta;");
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
