/**
 * Tracks socket handlers still running, so shutdown can let writes finish before closing the DB,
 * and counts per user what is pending (queued behind earlier events of a socket, or running)
 * and what is active (running now): the node's budget is on active work, so one socket's queue
 * of ordered events holds one slot, not hundreds.
 */
export class InflightWork {
  private readonly running = new Set<Promise<unknown>>();
  private readonly pendingByOwner = new Map<string, number>();
  private readonly activeByOwner = new Map<string, number>();
  private activeTotal = 0;

  /** `owner` (a user id) counts the work as that user's pending events until it settles. */
  track<T>(work: Promise<T>, owner?: string): Promise<T> {
    this.running.add(work);
    if (owner !== undefined) bump(this.pendingByOwner, owner, 1);
    const done = () => {
      this.running.delete(work);
      if (owner !== undefined) bump(this.pendingByOwner, owner, -1);
    };
    work.then(done, done);
    return work;
  }

  /**
   * Runs `work` counted as active: its owner's, and the node's (what MAX_INFLIGHT_EVENTS bounds)
   * unless `nodeBudget` is false (work that mostly waits in a batch window, see SocketHandler).
   */
  async active<T>(owner: string, work: () => Promise<T>, { nodeBudget = true } = {}): Promise<T> {
    if (nodeBudget) this.activeTotal++;
    bump(this.activeByOwner, owner, 1);
    try {
      return await work();
    } finally {
      if (nodeBudget) this.activeTotal--;
      bump(this.activeByOwner, owner, -1);
    }
  }

  get size(): number {
    return this.running.size;
  }

  get activeCount(): number {
    return this.activeTotal;
  }

  activeOf(owner: string): number {
    return this.activeByOwner.get(owner) ?? 0;
  }

  pendingOf(owner: string): number {
    return this.pendingByOwner.get(owner) ?? 0;
  }

  /** Resolves when everything started so far has settled, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.running]).then(() => undefined), timeout]);
    clearTimeout(timer);
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
