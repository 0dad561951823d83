import type { Redis } from "ioredis";
import type { PresenceTracker } from "./presence-tracker.js";

type Logger = { warn: (obj: object, msg: string) => void };

/*
 * Keys (under the installation's prefix):
 *   presence:s:<userId>  sorted set of "<nodeId>|<socketId>", score = when that entry expires (ms)
 *   presence:online      sorted set of userIds, score = the latest expiry among their sockets
 * Every node refreshes its own sockets' expiries; a node that dies stops refreshing, so its
 * entries lapse and one sweeping node (whichever wins the atomic claim) announces the user offline.
 */
const CONNECT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], 'GT', ARGV[3], ARGV[4])
return redis.call('ZCARD', KEYS[1])`;

const DISCONNECT = `
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
return redis.call('ZREM', KEYS[2], ARGV[3])`;

/** Claims an apparently lapsed user: 1 if every socket expired and this caller removed them. */
const CLAIM_EXPIRED = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local top = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if top[2] then
  redis.call('ZADD', KEYS[2], top[2], ARGV[2])
  return 0
end
return redis.call('ZREM', KEYS[2], ARGV[2])`;

const SWEEP_BATCH = 200;

export class RedisPresence implements PresenceTracker {
  /** This node's live sockets (socketId → userId), refreshed in Redis every ttl/3. */
  private readonly local = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly onlineKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix: string; nodeId: string; ttlMs: number; log: Logger },
  ) {
    this.onlineKey = `${options.prefix}presence:online`;
  }

  private socketsKey(userId: string): string {
    return `${this.options.prefix}presence:s:${userId}`;
  }

  private member(socketId: string): string {
    return `${this.options.nodeId}|${socketId}`;
  }

  async connected(userId: string, socketId: string): Promise<boolean> {
    this.local.set(socketId, userId);
    const now = Date.now();
    const count = await this.redis.eval(
      CONNECT,
      2,
      this.socketsKey(userId),
      this.onlineKey,
      now,
      this.member(socketId),
      now + this.options.ttlMs,
      userId,
    );
    return count === 1;
  }

  async disconnected(userId: string, socketId: string): Promise<boolean> {
    this.local.delete(socketId);
    const removed = await this.redis.eval(
      DISCONNECT,
      2,
      this.socketsKey(userId),
      this.onlineKey,
      Date.now(),
      this.member(socketId),
      userId,
    );
    return removed === 1;
  }

  async onlineOf(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    try {
      const scores = await this.redis.zmscore(this.onlineKey, ...userIds);
      const now = Date.now();
      return new Set(userIds.filter((_, i) => Number(scores[i] ?? 0) > now));
    } catch {
      // Redis away: at least this node's own sockets are known.
      const here = new Set(this.local.values());
      return new Set(userIds.filter((id) => here.has(id)));
    }
  }

  start(onExpired: (userId: string) => void): void {
    const tick = () => {
      this.refresh()
        .then(() => this.sweep(onExpired))
        .catch((err: unknown) => this.options.log.warn({ err: (err as Error).message }, "presence upkeep failed"));
    };
    this.timer = setInterval(tick, Math.max(250, Math.floor(this.options.ttlMs / 3)));
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Pushes this node's sockets' expiries forward (and re-creates them after a Redis restart). */
  private async refresh(): Promise<void> {
    if (this.local.size === 0) return;
    const expiresAt = Date.now() + this.options.ttlMs;
    const pipeline = this.redis.pipeline();
    for (const [socketId, userId] of this.local) {
      pipeline.zadd(this.socketsKey(userId), expiresAt, this.member(socketId));
      pipeline.pexpireat(this.socketsKey(userId), expiresAt);
      pipeline.zadd(this.onlineKey, "GT", expiresAt, userId);
    }
    await pipeline.exec();
  }

  private async sweep(onExpired: (userId: string) => void): Promise<void> {
    const now = Date.now();
    const lapsed = await this.redis.zrangebyscore(this.onlineKey, "-inf", now, "LIMIT", 0, SWEEP_BATCH);
    for (const userId of lapsed) {
      const claimed = await this.redis.eval(CLAIM_EXPIRED, 2, this.socketsKey(userId), this.onlineKey, now, userId);
      if (claimed === 1) onExpired(userId);
    }
  }
}
