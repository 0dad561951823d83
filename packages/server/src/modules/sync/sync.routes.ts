import { ApiPath, type ChatChanges, LIMITS, successSchema, syncBodySchema, syncResultSchema } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { presentMessages } from "../messages/message.presenter.js";
import { changesSince, formerChatCursors, memberChatCursors } from "./sync.repo.js";

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
          const rows = await changesSince(ctx.db, chatId, since, limit + 1, cap);
          const page = rows.slice(0, limit);
          result.push({
            chatId,
            removed: false,
            changes: await presentMessages(ctx.db, page),
            cursor: page.at(-1)?.changeSeq ?? since,
            hasMore: rows.length > limit,
          });
        }
        return ok({ chats: result });
      },
    );
  };
}
