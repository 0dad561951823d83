import {
  ApiPath,
  pushSubscribeBodySchema,
  pushSubscribeResultSchema,
  pushUnsubscribeBodySchema,
  pushUnsubscribeResultSchema,
  successSchema,
  vapidPublicKeySchema,
} from "@teamchat/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context.js";
import { authenticate } from "../../http/authenticate.js";
import { ok } from "../../http/envelope.js";
import { deleteUserSubscription, upsertSubscription } from "./push.repo.js";
import type { PushService } from "./push-service.js";
import { assertAcceptableEndpoint, assertUsableKeys } from "./subscription-validation.js";

export function pushRoutes(ctx: AppContext, push: PushService): FastifyPluginAsyncZod {
  const { db } = ctx;
  return async (app) => {
    app.addHook("onRequest", authenticate(ctx.accessTokens));

    app.get(
      ApiPath.pushVapidPublicKey,
      { schema: { response: { 200: successSchema(vapidPublicKeySchema) } } },
      async () => ok({ publicKey: push.vapidPublicKey }),
    );

    app.post(
      ApiPath.pushSubscriptions,
      { schema: { body: pushSubscribeBodySchema, response: { 200: successSchema(pushSubscribeResultSchema) } } },
      async (request) => {
        const { endpoint, keys } = request.body;
        assertAcceptableEndpoint(endpoint, ctx.config.env);
        assertUsableKeys(keys);
        await upsertSubscription(db, { userId: request.userId, endpoint, p256dh: keys.p256dh, auth: keys.auth });
        return ok({ subscribed: true as const });
      },
    );

    app.delete(
      ApiPath.pushSubscriptions,
      { schema: { body: pushUnsubscribeBodySchema, response: { 200: successSchema(pushUnsubscribeResultSchema) } } },
      async (request) => ok({ removed: await deleteUserSubscription(db, request.userId, request.body.endpoint) }),
    );
  };
}
