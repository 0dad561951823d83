import { type RestRoute, successSchema } from "@teamchat/protocol";
import type { z } from "zod";

type Success<S extends z.ZodType> = ReturnType<typeof successSchema<S>>;

/** The Fastify schema of a route-table entry, typed so the handler's request and reply follow it. */
type SchemaOf<R extends RestRoute> = (R extends { params: infer P extends z.ZodType } ? { params: P } : unknown) &
  (R extends { query: infer Q extends z.ZodType } ? { querystring: Q } : unknown) &
  (R extends { body: infer B extends z.ZodType } ? { body: B } : unknown) &
  (R extends { response: infer S extends z.ZodType }
    ? { response: { [C in R["status"][number]]: Success<S> } }
    : unknown);

/**
 * Method, url and schema of a route from the protocol's route table (`restRoutes`): spread into
 * `app.route({ ...restRoute(restRoutes.chat), handler })`, so what the server validates and answers
 * is what the SDK's client is typed with.
 */
export function restRoute<const R extends RestRoute>(
  route: R,
): { method: R["method"]; url: R["path"]; schema: SchemaOf<R> } {
  const schema: Record<string, unknown> = {};
  if (route.params) schema.params = route.params;
  if (route.query) schema.querystring = route.query;
  if (route.body) schema.body = route.body;
  if (route.response) {
    const answer = successSchema(route.response);
    schema.response = Object.fromEntries(route.status.map((status) => [status, answer]));
  }
  return { method: route.method, url: route.path, schema: schema as SchemaOf<R> };
}
