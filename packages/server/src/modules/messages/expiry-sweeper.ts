import { ServerEvent } from "@teamchat/protocol";
import { and, asc, eq, isNull, lte, sql, TransactionRollbackError } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { chats, messages } from "../../db/schema.js";
import { chatRoom } from "../../realtime/rooms.js";
import { presentMessage } from "./message.presenter.js";
import { eraseMessage, findMessageForChange } from "./message-changes.repo.js";

const BATCH = 200;

/**
 * Erases every disappearing message whose time has come, as `now` sees it (tests pass a clock
 * of their own): the body, history, reactions and mentions go, as for a delete for everyone, the
 * message takes its chat's next change_seq (offline devices get it through sync) and is sent
 * as message:updated (live devices drop the content). Returns how many were erased.
 */
export async function sweepExpired(ctx: AppContext, now: Date = new Date()): Promise<number> {
  let erased = 0;
  for (;;) {
    const due = await ctx.db
      .select({ id: messages.id, chatId: messages.chatId })
      .from(messages)
      .where(and(lte(messages.expiresAt, now), isNull(messages.deletedAt)))
      .orderBy(asc(messages.expiresAt))
      .limit(BATCH);
    for (const { id, chatId } of due) if (await eraseExpired(ctx, chatId, id)) erased++;
    if (due.length < BATCH) return erased;
  }
}

async function eraseExpired(ctx: AppContext, chatId: string, messageId: string): Promise<boolean> {
  let erased: Awaited<ReturnType<typeof eraseMessage>>;
  try {
    erased = await ctx.db.transaction(async (tx) => {
      // The chat row lock orders this change with sends and other changes, as for any change.
      const [slot] = await tx
        .update(chats)
        .set({ changeSeq: sql`${chats.changeSeq} + 1` })
        .where(eq(chats.id, chatId))
        .returning({ changeSeq: chats.changeSeq, at: sql<Date>`now()`.mapWith(chats.createdAt), chatType: chats.type });
      const message = slot ? await findMessageForChange(tx, chatId, messageId) : null;
      if (!slot || !message || message.deletedAt) return tx.rollback();
      return eraseMessage(tx, messageId, { ...slot, actorRole: "admin" });
    });
  } catch (err) {
    // Deleted meanwhile (or its chat is gone): nothing to erase.
    if (err instanceof TransactionRollbackError) return false;
    throw err;
  }
  ctx.io.to(chatRoom(chatId)).emit(ServerEvent.messageUpdated, presentMessage(erased, new Map()));
  return true;
}

/** Runs the sweep every DISAPPEARING_SWEEP_INTERVAL_MS; returns a stop function. */
export function startExpirySweeper(ctx: AppContext): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    ctx.inflight
      .track(sweepExpired(ctx))
      .catch((err: unknown) => ctx.log.warn({ err: (err as Error).message }, "disappearing-message sweep failed"))
      .finally(() => {
        running = false;
      });
  }, ctx.config.disappearing.sweepIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
