import type { Message } from "@teamchat/protocol";

/** Where one of my messages is on its way to the server. */
export type SendStatus =
  /** Waiting for (or re-trying) the server's ack; shown with a clock. */
  | "sending"
  /** Refused for good (e.g. no longer a member); shown with a red "!" and a retry button. */
  | "failed";

export type PendingSend = {
  clientId: string;
  chatId: string;
  body: string;
  createdAt: string;
  status: SendStatus;
  error: string | null;
};

/**
 * My messages not yet acknowledged, in the order I wrote them. They are (re)emitted in that
 * order whenever the socket connects; the clientId never changes, so a resend of something the
 * server already stored returns the original instead of a duplicate.
 */
export class PendingSends {
  private readonly byClientId = new Map<string, PendingSend>();

  add(send: PendingSend): void {
    this.byClientId.set(send.clientId, send);
  }

  get(clientId: string): PendingSend | undefined {
    return this.byClientId.get(clientId);
  }

  /** Everything still to be (re)sent, oldest first. */
  sendable(): PendingSend[] {
    return [...this.byClientId.values()].filter((s) => s.status === "sending");
  }

  all(): PendingSend[] {
    return [...this.byClientId.values()];
  }

  settle(clientId: string, _message: Message): void {
    this.byClientId.delete(clientId);
  }

  fail(clientId: string, error: string): PendingSend | undefined {
    const send = this.byClientId.get(clientId);
    if (send) {
      send.status = "failed";
      send.error = error;
    }
    return send;
  }

  clear(): void {
    this.byClientId.clear();
  }
}
