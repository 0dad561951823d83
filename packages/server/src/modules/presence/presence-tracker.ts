/**
 * Who is online: a user is online while any of their sockets, on any node, is connected.
 * One node in memory (MemoryPresence), or every node through Redis (RedisPresence, with TTLs
 * so a crashed node's sockets expire by themselves).
 */
export interface PresenceTracker {
  /** Records a socket; true when it is the user's first anywhere (they just came online). */
  connected(userId: string, socketId: string): Promise<boolean>;
  /** Forgets a socket; true when it was the user's last anywhere (they just went offline). */
  disconnected(userId: string, socketId: string): Promise<boolean>;
  /** Of `userIds`, those online now. */
  onlineOf(userIds: string[]): Promise<Set<string>>;
  /**
   * Starts background upkeep; `onExpired` is called once per user whose sockets all vanished
   * without a disconnect (their node died), so the caller announces them offline.
   */
  start(onExpired: (userId: string) => void): void;
  close(): Promise<void>;
}

/** One node: counts live sockets per user in memory. */
export class MemoryPresence implements PresenceTracker {
  private readonly sockets = new Map<string, Set<string>>();

  async connected(userId: string, socketId: string): Promise<boolean> {
    const mine = this.sockets.get(userId) ?? new Set<string>();
    mine.add(socketId);
    this.sockets.set(userId, mine);
    return mine.size === 1;
  }

  async disconnected(userId: string, socketId: string): Promise<boolean> {
    const mine = this.sockets.get(userId);
    if (!mine?.delete(socketId)) return false;
    if (mine.size > 0) return false;
    this.sockets.delete(userId);
    return true;
  }

  async onlineOf(userIds: string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.sockets.has(id)));
  }

  start(): void {}

  async close(): Promise<void> {}
}
