import type { Plan } from "./plan.js";
import { SendStatus, type UserReport } from "./worker-protocol.js";

export type Accounting = {
  sent: number;
  acked: number;
  ackErrors: number;
  ackTimeouts: number;
  /** One per (acked message, member other than its sender). */
  expectedDeliveries: number;
  delivered: number;
  missing: number;
  duplicates: number;
  /** Received although the sender never got an ack (lost ack or error after fan-out). */
  deliveredWithoutAck: number;
  deliveredPercent: number;
};

/**
 * Every message accounted for: for each acked send, each other member of the chat must have
 * received it exactly once. Counts come from the receivers, statuses from the senders.
 */
export function accountDeliveries(plan: Plan, reports: Map<number, UserReport>, sendsPerUser: number): Accounting {
  const a: Accounting = {
    sent: 0,
    acked: 0,
    ackErrors: 0,
    ackTimeouts: 0,
    expectedDeliveries: 0,
    delivered: 0,
    missing: 0,
    duplicates: 0,
    deliveredWithoutAck: 0,
    deliveredPercent: 0,
  };
  for (const chat of plan.chats) {
    chat.members.forEach((sender, senderPosition) => {
      const status = reports.get(sender)?.sendStatus;
      for (let n = 0; n < sendsPerUser; n++) {
        const s = status?.[n] ?? SendStatus.notSent;
        if (s === SendStatus.notSent) continue;
        a.sent++;
        if (s === SendStatus.acked) a.acked++;
        if (s === SendStatus.ackError) a.ackErrors++;
        if (s === SendStatus.ackTimeout) a.ackTimeouts++;
        for (const receiver of chat.members) {
          if (receiver === sender) continue;
          const count = reports.get(receiver)?.received[senderPosition * sendsPerUser + n] ?? 0;
          if (s !== SendStatus.acked) {
            if (count > 0) a.deliveredWithoutAck++;
            continue;
          }
          a.expectedDeliveries++;
          if (count === 0) a.missing++;
          else {
            a.delivered++;
            a.duplicates += count - 1;
          }
        }
      }
    });
  }
  a.deliveredPercent = a.expectedDeliveries > 0 ? (a.delivered / a.expectedDeliveries) * 100 : 0;
  return a;
}
