import {
  ApiPath,
  type ChatChanges,
  type HiddenChanges,
  LIMITS,
  successSchema,
  syncBodySchema,
  syncResultSchema,
} from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { hidesSince } from "../messages/hides.repo.js";
import { presentMessages } from "../messages/message.presenter.js";
import { changesSince, formerChatCursors, memberChatCursors } from "./sync.repo.js";

const HIDES_PER_PAGE = 500;

/** My delete-for-me feed after `since`: a per-user cursor beside the per-chat ones. */
async function hiddenPage(ctx: AppContext, userId: string, since: number): Promise<HiddenChanges> {
  const rows = await hidesSince(ctx.db, userId, since, HIDES_PER_PAGE + 1);
  const items = rows.slice(0, HIDES_PER_PAGE);
  return { items, cursor: items.at(-1)?.hideSeq ?? since, hasMore: rows.length > HIDES_PER_PAGE };
}

/**
 * Catch-up from the client's cursors. Unchanged chats cost nothing beyond the membership
 * query; changed ones return up to a page each, in change order, so the client's cursor can
 * advance contiguously and never skip a change. A former member's feed ends at their departure
 * (`removed` stays false: they keep the chat, read-only).
 */
export function syncRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));
    app.post(
      ApiPath.sync,
      { schema: { body: syncBodySchema, response: { 200: successSchema(syncResultSchema) } } },
      async (request) => {
        const wanted = request.body.chats;
        const current = await memberChatCursors(
          ctx.db,
          request.userId,
          wanted.map((c) => c.chatId),
        );
        const former = await formerChatCursors(
          ctx.db,
          request.userId,
          wanted.filter((c) => !current.has(c.chatId)).map((c) => c.chatId),
        );
        const result: ChatChanges[] = [];
        for (const { chatId, since } of wanted) {
          const cap = former.get(chatId) ?? null;
          const head = current.get(chatId) ?? cap?.changeSeq;
          if (head === undefined) {
            result.push({ chatId, removed: true, changes: [], cursor: since, hasMore: false });
            continue;
          }
          if (head <= since) {
            result.push({ chatId, removed: false, changes: [], cursor: since, hasMore: false });
            continue;
          }
          const limit = LIMITS.syncChangesPerChat;
          const rows = await changesSince(ctx.db, chatId, since, limit + 1, cap, request.userId);
          const page = rows.slice(0, limit);
          result.push({
            chatId,
            removed: false,
            changes: await presentMessages(ctx.db, page),
            cursor: page.at(-1)?.changeSeq ?? since,
            hasMore: rows.length > limit,
          });
        }
        const { hiddenSince } = request.body;
        if (hiddenSince === undefined) return ok({ chats: result });
        return ok({ chats: result, hidden: await hiddenPage(ctx, request.userId, hiddenSince) });
      },
    );
  };
}
