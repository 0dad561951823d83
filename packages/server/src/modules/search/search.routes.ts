import { ApiPath, searchQuerySchema, searchResultsSchema, successSchema } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { presentMessages } from "../messages/message.presenter.js";
import { searchMessages } from "./search.repo.js";

export function searchRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));
    app.get(
      ApiPath.search,
      { schema: { querystring: searchQuerySchema, response: { 200: successSchema(searchResultsSchema) } } },
      async (request) => {
        const rows = await searchMessages(ctx.db, request.userId, request.query);
        const messages = await presentMessages(
          ctx.db,
          rows.map((r) => r.message),
        );
        return ok({ results: messages.map((message, i) => ({ message, rank: rows[i]?.rank ?? 0 })) });
      },
    );
  };
}
