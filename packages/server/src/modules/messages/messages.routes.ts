import { restRoutes } from "@teamchat/protocol";
import { eq } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { chats } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { assertMember, readableRange } from "../chats/chat-queries.js";
import { presentMessages } from "./message.presenter.js";
import { editsOf, findMessageInChat } from "./message-changes.repo.js";
import { historyAround, historyPage } from "./messages.repo.js";

export function messagesRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));

    app.route({
      ...restRoute(restRoutes.history),
      handler: async (request) => {
        const { chatId } = request.params;
        const { maxSeq, departure } = await readableRange(ctx.db, chatId, request.userId);
        // Counters first: a change landing between the two reads is then re-fetched, never missed.
        const [chat] = await ctx.db
          .select({ lastSeq: chats.lastSeq, changeSeq: chats.changeSeq })
          .from(chats)
          .where(eq(chats.id, chatId));
        // A former member's pages show the chat as at their departure (departure-view.ts), so
        // that is the change they are current to.
        const counters = {
          lastSeq: maxSeq ?? chat?.lastSeq ?? 0,
          changeSeq: departure?.changeSeq ?? chat?.changeSeq ?? 0,
        };
        const { around, limit } = request.query;
        if (around !== undefined) {
          const page = await historyAround(ctx.db, chatId, around, limit, maxSeq, request.userId);
          const messages = await presentMessages(ctx.db, page.rows, departure, request.userId);
          const { hasOlder, hasNewer } = page;
          return ok({ messages, hasMore: hasOlder || hasNewer, hasOlder, hasNewer, ...counters });
        }
        const { rows, hasMore } = await historyPage(ctx.db, chatId, request.query, maxSeq, request.userId);
        return ok({ messages: await presentMessages(ctx.db, rows, departure, request.userId), hasMore, ...counters });
      },
    });

    /** The bodies a message had before each edit, for members of its chat. */
    app.route({
      ...restRoute(restRoutes.messageEdits),
      handler: async (request) => {
        const { chatId, messageId } = request.params;
        await assertMember(ctx.db, chatId, request.userId);
        if (!(await findMessageInChat(ctx.db, chatId, messageId))) throw new AppError("MESSAGE_NOT_FOUND");
        const edits = await editsOf(ctx.db, messageId);
        return ok({ edits: edits.map((e) => ({ body: e.body, editedAt: e.editedAt.toISOString() })) });
      },
    });
  };
}
