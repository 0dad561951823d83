import { ApiPath, type SearchHit, searchQuerySchema, searchResultsSchema, successSchema } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { presentMessages } from "../messages/message.presenter.js";
import { toSnippet } from "./highlight.js";
import { searchMessages } from "./search.repo.js";
import { parseSearch } from "./search-query.js";

export function searchRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));
    app.get(
      ApiPath.search,
      { schema: { querystring: searchQuerySchema, response: { 200: successSchema(searchResultsSchema) } } },
      async (request) => {
        const parsed = parseSearch(request.query.q);
        const rows = await searchMessages(ctx.db, request.userId, { ...request.query, parsed });
        const messages = await presentMessages(
          ctx.db,
          rows.map((r) => r.message),
        );
        const results: SearchHit[] = messages.map((message, i) => ({
          message,
          rank: rows[i]?.rank ?? 0,
          ...toSnippet(rows[i]?.headline ?? message.body, parsed.words),
        }));
        return ok({ results, groups: groupByChat(results) });
      },
    );
  };
}

/** Hits grouped by chat, groups in the order of their best hit (results come best first). */
function groupByChat(results: SearchHit[]) {
  const groups = new Map<string, SearchHit[]>();
  for (const hit of results) {
    const list = groups.get(hit.message.chatId) ?? [];
    list.push(hit);
    groups.set(hit.message.chatId, list);
  }
  return [...groups].map(([chatId, hits]) => ({ chatId, results: hits }));
}
