/** Tracks socket handlers still running, so shutdown can let writes finish before closing the DB. */
export class InflightWork {
  private readonly running = new Set<Promise<unknown>>();
  private readonly perOwner = new Map<string, number>();

  /** `owner` (a user id) is counted separately, so one user's share of the node can be capped. */
  track<T>(work: Promise<T>, owner?: string): Promise<T> {
    this.running.add(work);
    if (owner !== undefined) this.perOwner.set(owner, this.sizeOf(owner) + 1);
    const done = () => {
      this.running.delete(work);
      if (owner === undefined) return;
      const left = this.sizeOf(owner) - 1;
      if (left > 0) this.perOwner.set(owner, left);
      else this.perOwner.delete(owner);
    };
    work.then(done, done);
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  sizeOf(owner: string): number {
    return this.perOwner.get(owner) ?? 0;
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
