import { type ChatChanges, type HiddenChanges, LIMITS, restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { hidesSince } from "../messages/hides.repo.js";
import { presentMessages } from "../messages/message.presenter.js";
import { changesSince, formerChangesSince, formerChatCursors, memberChatCursors } from "./sync.repo.js";

const HIDES_PER_PAGE = 500;

/** My delete-for-me feed after `since`: a per-user cursor beside the per-chat ones. */
async function hiddenPage(ctx: AppContext, userId: string, since: number): Promise<HiddenChanges> {
  const rows = await hidesSince(ctx.db, userId, since, HIDES_PER_PAGE + 1);
  const items = rows.slice(0, HIDES_PER_PAGE);
  return { items, cursor: items.at(-1)?.hideSeq ?? since, hasMore: rows.length > HIDES_PER_PAGE };
}

async function memberPage(ctx: AppContext, chatId: string, since: number, limit: number, userId: string) {
  const rows = await changesSince(ctx.db, chatId, since, limit + 1, userId);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

/**
 * Catch-up from the client's cursors. Unchanged chats cost nothing beyond the membership
 * query; changed ones return up to a page each, in change order, so the client's cursor can
 * advance contiguously and never skip a change. A former member's feed shows the chat as it was
 * at their departure, later deletes for everyone applied (departure-view.ts; `removed` stays
 * false: they keep the chat, read-only).
 */
export function syncRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));
    app.route({
      ...restRoute(restRoutes.sync),
      handler: async (request) => {
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
          const formerly = former.get(chatId);
          const head = current.get(chatId) ?? formerly?.head;
          if (head === undefined) {
            result.push({ chatId, removed: true, changes: [], cursor: since, hasMore: false });
            continue;
          }
          if (head <= since) {
            result.push({ chatId, removed: false, changes: [], cursor: since, hasMore: false });
            continue;
          }
          const limit = LIMITS.syncChangesPerChat;
          const { rows, hasMore } = formerly
            ? await formerChangesSince(ctx.db, chatId, since, limit, formerly.departure, request.userId)
            : await memberPage(ctx, chatId, since, limit, request.userId);
          const changes = await presentMessages(ctx.db, rows, formerly?.departure ?? null, request.userId);
          result.push({ chatId, removed: false, changes, cursor: changes.at(-1)?.changeSeq ?? since, hasMore });
        }
        const { hiddenSince } = request.body;
        if (hiddenSince === undefined) return ok({ chats: result });
        return ok({ chats: result, hidden: await hiddenPage(ctx, request.userId, hiddenSince) });
      },
    });
  };
}
