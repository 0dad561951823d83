/**
 * Counts live sockets per user on this node: a user is online while any of their sockets is.
 * (The scale-out work replaces this with a Redis-backed tracker with TTLs.)
 */
export class PresenceTracker {
  private readonly sockets = new Map<string, number>();

  /** Returns true when this is the user's first socket (they just came online). */
  connected(userId: string): boolean {
    const count = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, count);
    return count === 1;
  }

  /** Returns true when this was the user's last socket (they just went offline). */
  disconnected(userId: string): boolean {
    const count = (this.sockets.get(userId) ?? 1) - 1;
    if (count <= 0) {
      this.sockets.delete(userId);
      return true;
    }
    this.sockets.set(userId, count);
    return false;
  }

  isOnline(userId: string): boolean {
    return this.sockets.has(userId);
  }

  get onlineUsers(): number {
    return this.sockets.size;
  }
}
