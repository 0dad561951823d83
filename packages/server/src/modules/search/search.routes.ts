import { ApiPath, searchQuerySchema, searchResultsSchema, successSchema } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { presentMessage } from "../messages/message.presenter.js";
import { searchMessages } from "./search.repo.js";

export function searchRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));
    app.get(
      ApiPath.search,
      { schema: { querystring: searchQuerySchema, response: { 200: successSchema(searchResultsSchema) } } },
      async (request) => {
        const rows = await searchMessages(ctx.db, request.userId, request.query);
        return ok({ results: rows.map((r) => ({ message: presentMessage(r.message), rank: r.rank })) });
      },
    );
  };
}
