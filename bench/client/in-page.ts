/**
 * Code that runs inside the page (through page.evaluate). Each function is serialized on its
 * own, so it may use only its argument and browser globals, never anything else in this module.
 *
 * The root tsconfig has no DOM library (it type-checks the server too), so the few browser APIs
 * used here are declared below, minimally, and reached through `globalThis`.
 */

type ElementLike = {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; bottom: number; height: number };
  closest(selector: string): ElementLike | null;
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  scrollBy(x: number, y: number): void;
};
type ElementListLike = { length: number; [index: number]: ElementLike | undefined };
type PerformanceEntryLike = {
  name: string;
  entryType: string;
  startTime: number;
  duration: number;
  scripts?: { duration: number; invoker: string; sourceURL: string; sourceFunctionName: string }[];
};
type PageGlobals = {
  document: {
    querySelector(selector: string): ElementLike | null;
    querySelectorAll(selector: string): ElementListLike;
    getElementsByTagName(tag: string): { length: number };
    addEventListener(
      type: string,
      listener: (event: { timeStamp: number; target: unknown }) => void,
      options?: object,
    ): void;
  };
  innerHeight: number;
  requestAnimationFrame(callback: (time: number) => void): number;
  indexedDB: { open(name: string): IdbRequestLike<IdbDatabaseLike> };
  PerformanceObserver: new (
    callback: (list: { getEntries(): PerformanceEntryLike[] }) => void,
  ) => { observe(options: { type: string; buffered?: boolean }): void; disconnect(): void };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: unknown, options: { childList: boolean; subtree: boolean }): void; disconnect(): void };
  MessageChannel: new () => {
    port1: { onmessage: (() => void) | null; close(): void };
    port2: { postMessage(value: unknown): void };
  };
  __openProbe?: Promise<OpenProbeResult>;
};
type IdbRequestLike<T> = {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
  onupgradeneeded: (() => void) | null;
  transaction: { abort(): void } | null;
};
type IdbDatabaseLike = {
  objectStoreNames: { contains(name: string): boolean };
  transaction(
    stores: string[],
    mode: "readwrite",
  ): {
    objectStore(name: string): { put(value: unknown): void };
    oncomplete: (() => void) | null;
    onerror: (() => void) | null;
    onabort: (() => void) | null;
    error: unknown;
  };
  close(): void;
};

/** Playwright serializes page functions with toString(); tsx (esbuild keepNames) wraps named
 * functions in `__name(…)`, which does not exist in the page. This defines it as a no-op. */
export const NAME_HELPER_SHIM = "globalThis.__name = globalThis.__name || ((fn) => fn);";

/**
 * Writes messages (and optionally one meta row, the chat's sync cursor) into the app's cache
 * database with plain IndexedDB, in one transaction. The database must already exist (the app
 * creates it with Dexie on sign-in): opening without a version keeps the app's schema, and the
 * object stores and the `[chatId+seq]` index are the ones indexeddb-store.ts declared.
 */
export function putIntoCache(arg: {
  databaseName: string;
  messages: unknown[];
  meta: { key: string; value: unknown } | null;
}): Promise<number> {
  const page = globalThis as unknown as PageGlobals;
  return new Promise((resolve, reject) => {
    const request = page.indexedDB.open(arg.databaseName);
    request.onupgradeneeded = () => {
      request.transaction?.abort();
      reject(new Error(`${arg.databaseName} does not exist yet: the app must have signed in first`));
    };
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains("messages") || !db.objectStoreNames.contains("meta")) {
        db.close();
        reject(new Error("cache database has no messages/meta store: schema changed?"));
        return;
      }
      const tx = db.transaction(["messages", "meta"], "readwrite");
      const store = tx.objectStore("messages");
      for (const message of arg.messages) store.put(message);
      if (arg.meta) tx.objectStore("meta").put(arg.meta);
      tx.oncomplete = () => {
        db.close();
        resolve(arg.messages.length);
      };
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error("transaction aborted"));
    };
  });
}

export type OpenProbeResult = {
  /** Click → the first message bubble is in the DOM. */
  clickToDomMs: number;
  /** Click → a frame with a bubble inside the viewport has been painted. */
  clickToPaintMs: number;
  bubblesInDom: number;
};

/**
 * Arms a probe for the next click on a chat in the list: the click event's timestamp is the
 * start; a MutationObserver notes when the first bubble enters the DOM; then, once a bubble is
 * inside the viewport, requestAnimationFrame (runs right before that frame's paint) followed by
 * a message-channel task (runs after it) marks the painted frame.
 */
export function armOpenProbe(arg: { chatItemSelector: string; bubbleSelector: string }): void {
  const page = globalThis as unknown as PageGlobals;
  page.__openProbe = new Promise<OpenProbeResult>((resolve) => {
    page.document.addEventListener(
      "click",
      (event) => {
        const clickedAt = event.timeStamp;
        let domAt = 0;
        const observer = new page.MutationObserver(() => {
          if (domAt === 0 && page.document.querySelector(arg.bubbleSelector)) domAt = performance.now();
        });
        observer.observe(page.document, { childList: true, subtree: true });
        const onFrame = () => {
          const bubbles = page.document.querySelectorAll(arg.bubbleSelector);
          let visible = false;
          for (let i = 0; i < bubbles.length && !visible; i++) {
            const rect = bubbles[i]?.getBoundingClientRect();
            visible = rect !== undefined && rect.height > 0 && rect.bottom > 0 && rect.top < page.innerHeight;
          }
          if (!visible) {
            page.requestAnimationFrame(onFrame);
            return;
          }
          const channel = new page.MessageChannel();
          channel.port1.onmessage = () => {
            observer.disconnect();
            channel.port1.close();
            const paintedAt = performance.now();
            resolve({
              clickToDomMs: (domAt || paintedAt) - clickedAt,
              clickToPaintMs: paintedAt - clickedAt,
              bubblesInDom: page.document.querySelectorAll(arg.bubbleSelector).length,
            });
          };
          channel.port2.postMessage(null);
        };
        page.requestAnimationFrame(onFrame);
      },
      { capture: true, once: true },
    );
  });
}

export function awaitOpenProbe(): Promise<OpenProbeResult> {
  const probe = (globalThis as unknown as PageGlobals).__openProbe;
  if (!probe) throw new Error("armOpenProbe was not called");
  return probe;
}

export type ScrollRunResult = {
  durationMs: number;
  frameTimesMs: number[];
  longTasks: { startMs: number; durationMs: number }[];
  /** Long animation frames (Chromium's LoAF) over 50 ms, with the scripts that ran in them. */
  slowFrames: { startMs: number; durationMs: number; scripts: { durationMs: number; what: string }[] }[];
  maxMessageNodes: number;
  maxDomElements: number;
  messagesPassed: number;
  startNewestSeq: number;
  endOldestSeq: number;
  /** Frames in which the list could not move further because older pages were still loading. */
  framesWaitingForData: number;
  historyRequests: number;
  reachedGoal: boolean;
};

/**
 * Scrolls the message list by `stepPx` every animation frame (a fast, steady fling: the list
 * must render new rows every frame) until `messages` messages have scrolled past, or the list
 * end, or the time limit. Up: older pages load from the server on the way (the app's
 * startReached). Records every frame's duration, long tasks and DOM size meanwhile.
 */
export function scrollThrough(arg: {
  listSelector: string;
  bubbleSelector: string;
  direction: "up" | "down";
  messages: number;
  stepPx: number;
  timeLimitMs: number;
}): Promise<ScrollRunResult> {
  const page = globalThis as unknown as PageGlobals;
  const doc = page.document;
  const firstBubble = doc.querySelector(arg.bubbleSelector);
  const scroller = (doc.querySelector(arg.listSelector) ?? firstBubble?.closest("[data-virtuoso-scroller]")) as
    | ElementLike
    | undefined;
  if (!scroller) return Promise.reject(new Error(`no scroll container (${arg.listSelector})`));
  const seqsInDom = () => {
    const bubbles = doc.querySelectorAll(arg.bubbleSelector);
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (let i = 0; i < bubbles.length; i++) {
      const seq = Number(bubbles[i]?.getAttribute("data-seq"));
      if (seq > 0) {
        min = Math.min(min, seq);
        max = Math.max(max, seq);
      }
    }
    return { min, max, count: bubbles.length };
  };
  const start = seqsInDom();
  const startedAt = performance.now();
  const longTasks: ScrollRunResult["longTasks"] = [];
  const slowFrames: ScrollRunResult["slowFrames"] = [];
  const longTaskObserver = new page.PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ startMs: e.startTime - startedAt, durationMs: e.duration });
  });
  longTaskObserver.observe({ type: "longtask" });
  const frameObserver = new page.PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration <= 50) continue;
      slowFrames.push({
        startMs: e.startTime - startedAt,
        durationMs: e.duration,
        scripts: (e.scripts ?? []).map((s) => ({
          durationMs: s.duration,
          what: `${s.invoker} ${s.sourceFunctionName || "(anonymous)"} ${s.sourceURL.split("/").pop() ?? ""}`,
        })),
      });
    }
  });
  try {
    frameObserver.observe({ type: "long-animation-frame" });
  } catch {
    // Older Chromium: long tasks still cover the budget question.
  }
  const historyAtStart = performance.getEntriesByType("resource").filter((e) => e.name.includes("/messages")).length;

  return new Promise((resolve) => {
    const frameTimesMs: number[] = [];
    let last = 0;
    let maxMessageNodes = start.count;
    let maxDomElements = doc.getElementsByTagName("*").length;
    let framesWaitingForData = 0;
    let edge = start;
    let frame = 0;
    const finish = (reachedGoal: boolean) => {
      longTaskObserver.disconnect();
      frameObserver.disconnect();
      const end = seqsInDom();
      resolve({
        durationMs: performance.now() - startedAt,
        frameTimesMs,
        longTasks,
        slowFrames,
        maxMessageNodes,
        maxDomElements,
        messagesPassed: arg.direction === "up" ? start.max - end.min : end.max - start.min,
        startNewestSeq: start.max,
        endOldestSeq: end.min,
        framesWaitingForData,
        historyRequests:
          performance.getEntriesByType("resource").filter((e) => e.name.includes("/messages")).length - historyAtStart,
        reachedGoal,
      });
    };
    const onFrame = (now: number) => {
      if (last > 0) frameTimesMs.push(now - last);
      last = now;
      frame++;
      const nodes = doc.querySelectorAll(arg.bubbleSelector).length;
      if (nodes > maxMessageNodes) maxMessageNodes = nodes;
      if (frame % 10 === 0) maxDomElements = Math.max(maxDomElements, doc.getElementsByTagName("*").length);
      edge = seqsInDom();
      const passed = arg.direction === "up" ? start.max - edge.min : edge.max - start.min;
      const atEnd =
        arg.direction === "up"
          ? scroller.scrollTop <= 0
          : scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
      if (passed >= arg.messages) return finish(true);
      if (now - startedAt > arg.timeLimitMs) return finish(false);
      if (atEnd && arg.direction === "down") return finish(false);
      if (atEnd) framesWaitingForData++;
      scroller.scrollBy(0, arg.direction === "up" ? -arg.stepPx : arg.stepPx);
      page.requestAnimationFrame(onFrame);
    };
    page.requestAnimationFrame(onFrame);
  });
}
