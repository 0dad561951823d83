/**
 * Runs `task` one at a time: requests made while it runs collapse into a single run after it.
 * Gap catch-ups use it: under a burst of gaps (a Redis outage, a node lost, chat heads every
 * few seconds) each client keeps at most one catch-up in flight instead of piling up runs that
 * supersede each other and slow the server for everyone.
 */
export function coalesced(task: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const start = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    task()
      .catch(() => {})
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          start();
        }
      });
  };
  return start;
}
