/**
 * Runs `task` one batch at a time over a set of keys (chat ids): keys asked for while a batch
 * runs wait for the next batch, and a key asked for several times before its batch starts is in
 * it once. Gap syncs use it: under a burst of gaps (a Redis outage, a lost node, chat heads every
 * few seconds) a client keeps one sync of the gapped chats in flight, each chat in it once,
 * instead of piling up runs that fetch the same chat again and slow the server for everyone.
 */
export function coalescedPerKey(task: (keys: string[]) => Promise<void>): (keys: Iterable<string>) => void {
  let running = false;
  const waiting = new Set<string>();
  const start = (): void => {
    if (running || waiting.size === 0) return;
    running = true;
    const batch = [...waiting];
    waiting.clear();
    task(batch)
      .catch(() => {})
      .finally(() => {
        running = false;
        start();
      });
  };
  return (keys) => {
    for (const key of keys) waiting.add(key);
    start();
  };
}
