import { type Message, restRoutes, type SearchHit } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import type { MessageRow } from "../../db/schema.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import type { Departure } from "../messages/departure-view.js";
import { presentMessages } from "../messages/message.presenter.js";
import { searchFormerChats } from "./former-search.repo.js";
import { toSnippet } from "./highlight.js";
import { countInChat, decodeCursor, encodeCursor, searchMessages } from "./search.repo.js";
import { parseSearch } from "./search-query.js";

export function searchRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));
    app.route({
      ...restRoute(restRoutes.search),
      handler: async (request) => {
        const parsed = parseSearch(request.query.q);
        const cursor = decodeCursor(request.query.cursor);
        const query = { ...request.query, parsed };
        // Groups I left are few and small (up to my departure): their matches join the first page.
        const [mine, former] = await Promise.all([
          searchMessages(ctx.db, request.userId, { ...query, cursor }),
          cursor ? [] : searchFormerChats(ctx.db, request.userId, query),
        ]);
        const rows = [...mine.rows.map((r) => ({ ...r, departure: null })), ...former].sort(
          (a, b) => b.message.createdAt.getTime() - a.message.createdAt.getTime(),
        );
        const presented = await presentByDeparture(ctx, rows);
        const results: SearchHit[] = rows.flatMap((row) => {
          const message = presented.get(row.message.id);
          return message
            ? [{ message, rank: row.rank, ...toSnippet(message.body, row.headline ?? "", parsed.words) }]
            : [];
        });
        const { chatId } = request.query;
        // The count is asked once, with the first page of an in-chat search.
        const total = chatId && !cursor ? { total: await countInChat(ctx.db, request.userId, { parsed, chatId }) } : {};
        return ok({
          results,
          nextCursor: mine.next ? encodeCursor(mine.next) : null,
          ...total,
          groups: groupByChat(results),
        });
      },
    });
  };
}

/** One presentation per departure (members' hits share one), so a page costs a few queries. */
async function presentByDeparture(
  ctx: AppContext,
  rows: { message: MessageRow; departure: Departure | null }[],
): Promise<Map<string, Message>> {
  const groups = new Map<string, { departure: Departure | null; rows: MessageRow[] }>();
  for (const row of rows) {
    const key = row.departure ? row.message.chatId : "";
    const group = groups.get(key) ?? { departure: row.departure, rows: [] };
    group.rows.push(row.message);
    groups.set(key, group);
  }
  const presented = await Promise.all([...groups.values()].map((g) => presentMessages(ctx.db, g.rows, g.departure)));
  return new Map(presented.flat().map((m) => [m.id, m]));
}

/** Hits grouped by chat, groups in the order of their newest hit (results come newest first). */
function groupByChat(results: SearchHit[]) {
  const groups = new Map<string, SearchHit[]>();
  for (const hit of results) {
    const list = groups.get(hit.message.chatId) ?? [];
    list.push(hit);
    groups.set(hit.message.chatId, list);
  }
  return [...groups].map(([chatId, hits]) => ({ chatId, results: hits }));
}
