import type { MessageInfo, StarredMessage, StarState } from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import type { ChatClientEvents } from "./client-events.js";

/** What the starred list and the message-info watch need from the client. */
export type ExtrasHost = {
  call<T>(fn: (api: ApiClient) => Promise<T>): Promise<T>;
  on<K extends keyof ChatClientEvents>(event: K, listener: (payload: ChatClientEvents[K]) => void): () => void;
  emit<K extends keyof ChatClientEvents>(event: K, payload: ChatClientEvents[K]): void;
};

/**
 * My starred messages (newest star first), the same on all my devices: loaded each time the
 * connection becomes live (so a star made elsewhere while away is caught up), kept current by
 * `message:starred` from my other devices, emitted whole as `starred` on every change.
 */
export class StarredMessages {
  private list: StarredMessage[] = [];
  private loading: Promise<StarredMessage[]> | null = null;

  constructor(private readonly host: ExtrasHost) {
    host.on("connection", (state) => {
      if (state === "live") void this.reload().catch(() => {});
    });
    host.on("session", (me) => {
      if (me === null) this.replace([]);
    });
    host.on("starChanged", (state) => void this.apply(state));
  }

  /** The list as last loaded. */
  get current(): StarredMessage[] {
    return this.list;
  }

  isStarred(messageId: string): boolean {
    return this.list.some((s) => s.message.id === messageId);
  }

  reload(): Promise<StarredMessage[]> {
    this.loading ??= this.host
      .call((api) => api.starredMessages())
      .then(({ starred }) => {
        this.replace(starred);
        return starred;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  async star(chatId: string, messageId: string): Promise<void> {
    await this.apply(await this.host.call((api) => api.starMessage(chatId, messageId)));
  }

  async unstar(chatId: string, messageId: string): Promise<void> {
    await this.apply(await this.host.call((api) => api.unstarMessage(chatId, messageId)));
  }

  private async apply(state: StarState): Promise<void> {
    if (!state.starred) {
      if (this.isStarred(state.messageId)) this.replace(this.list.filter((s) => s.message.id !== state.messageId));
      return;
    }
    // A new star carries no message: the list (with the message) comes from the server.
    if (!this.isStarred(state.messageId)) await this.reload().catch(() => {});
  }

  private replace(list: StarredMessage[]): void {
    this.list = list;
    this.host.emit("starred", list);
  }
}

/** The least time between two message-info requests of one watch (a 1,000-member group's info is ~80 ms of database work: docs/benchmarks.md). */
const REFRESH_GAP_MS = 500;

/**
 * Message info of one of my messages while it is on screen: fetched once, then again whenever
 * a delivered or read pointer of its chat moves (one request at a time; a move during a
 * request asks again after it, REFRESH_GAP_MS later), emitted as `messageInfo`.
 */
export class MessageInfoWatch {
  private watched: { chatId: string; messageId: string } | null = null;
  private inFlight = false;
  private again = false;

  constructor(private readonly host: ExtrasHost) {
    const onMove = ({ chatId }: { chatId: string }) => {
      if (this.watched?.chatId === chatId) void this.refresh();
    };
    host.on("delivered", onMove);
    host.on("read", onMove);
    host.on("connection", (state) => {
      if (state === "live" && this.watched) void this.refresh();
    });
  }

  /** Starts watching (replacing any other watch); resolves with the first answer. */
  async watch(chatId: string, messageId: string): Promise<MessageInfo> {
    this.watched = { chatId, messageId };
    const info = await this.host.call((api) => api.messageInfo(chatId, messageId));
    if (this.watched?.messageId === messageId) this.host.emit("messageInfo", info);
    return info;
  }

  unwatch(): void {
    this.watched = null;
  }

  private async refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    try {
      do {
        this.again = false;
        const target = this.watched;
        if (!target) return;
        const info = await this.host.call((api) => api.messageInfo(target.chatId, target.messageId)).catch(() => null);
        if (info && this.watched?.messageId === target.messageId) this.host.emit("messageInfo", info);
        // In a big group pointers move all the time: at most about one request per interval.
        if (this.again) await new Promise((resolve) => setTimeout(resolve, REFRESH_GAP_MS));
      } while (this.again);
    } finally {
      this.inFlight = false;
    }
  }
}
