import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../web/dist");

/** Serves the built web app (one port for app and API) when it has been built. */
export async function serveWebApp(app: FastifyInstance, configuredDir: string | null): Promise<string | null> {
  const root = configuredDir ? path.resolve(configuredDir) : DEFAULT_WEB_DIST;
  if (!fs.existsSync(path.join(root, "index.html"))) {
    app.log.warn({ root }, "web app not built; serving the API only (run `npm run build:web`)");
    return null;
  }
  await app.register(fastifyStatic, { root, wildcard: false, index: ["index.html"] });
  return root;
}
