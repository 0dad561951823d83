import { Worker } from "node:worker_threads";

/**
 * Node 20 does not apply `--import tsx` to a worker's entry file, so a worker starts from a
 * tiny script that registers tsx's loader in its own thread and then imports the TypeScript file.
 */
export function tsWorkerBootstrap(entry: URL): string {
  const api = import.meta.resolve("tsx/esm/api");
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** A worker thread spoken to with typed messages; `next(type)` awaits its next answer of that type. */
export class WorkerHandle<ToWorker, FromWorker extends { type: string }> {
  readonly worker: Worker;
  private readonly waiting = new Map<string, (m: FromWorker) => void>();
  private failure: Error | null = null;

  constructor(entry: URL, workerData: unknown) {
    this.worker = new Worker(tsWorkerBootstrap(entry), { eval: true, workerData });
    this.worker.on("message", (m: FromWorker) => this.waiting.get(m.type)?.(m));
    this.worker.on("error", (err) => {
      this.failure = err;
    });
  }

  next<T extends FromWorker["type"]>(type: T, timeoutMs: number): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const timer = setTimeout(
        () => reject(new Error(`worker did not answer "${type}" in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.worker.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      this.waiting.set(type, (m) => {
        clearTimeout(timer);
        resolve(m as Extract<FromWorker, { type: T }>);
      });
    });
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** Sends `message` to every worker and waits for each one's answer of `type`. */
export async function allAnswer<ToWorker, FromWorker extends { type: string }, T extends FromWorker["type"]>(
  workers: WorkerHandle<ToWorker, FromWorker>[],
  message: ToWorker | null,
  type: T,
  timeoutMs: number,
): Promise<Extract<FromWorker, { type: T }>[]> {
  const answers = Promise.all(workers.map((w) => w.next(type, timeoutMs)));
  if (message !== null) for (const w of workers) w.send(message);
  return answers;
}
