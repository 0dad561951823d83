import { restRoutes } from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { restRoute } from "../../http/rest-route.js";
import { deleteUserSubscription, upsertSubscription } from "./push.repo.js";
import type { PushService } from "./push-service.js";
import { assertAcceptableEndpoint, assertUsableKeys } from "./subscription-validation.js";

export function pushRoutes(ctx: AppContext, push: PushService): FastifyPluginAsyncZod {
  const { db } = ctx;
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));

    app.route({
      ...restRoute(restRoutes.vapidPublicKey),
      handler: async () => ok({ publicKey: push.vapidPublicKey }),
    });

    app.route({
      ...restRoute(restRoutes.subscribePush),
      handler: async (request) => {
        const { endpoint, keys } = request.body;
        assertAcceptableEndpoint(endpoint, ctx.config.env);
        assertUsableKeys(keys);
        await upsertSubscription(db, { userId: request.userId, endpoint, p256dh: keys.p256dh, auth: keys.auth });
        return ok({ subscribed: true as const });
      },
    });

    app.route({
      ...restRoute(restRoutes.unsubscribePush),
      handler: async (request) =>
        ok({ removed: await deleteUserSubscription(db, request.userId, request.body.endpoint) }),
    });
  };
}
