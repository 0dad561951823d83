import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SERVER_MAIN = path.join(REPO_ROOT, "packages/server/src/main.ts");
/** What production runs (`npm run build:server`; README, Dockerfile). */
export const SERVER_BUILT = path.join(REPO_ROOT, "packages/server/dist/bin/main.mjs");
/** How production starts node for the server (its runtime settings): `sh NODE_LAUNCHER <node args>`. */
export const NODE_LAUNCHER = path.join(REPO_ROOT, "packages/server/bin/node.sh");
export const BUILD_SERVER = path.join(REPO_ROOT, "scripts/build-server.mjs");
export const BARE_RELAY = path.join(REPO_ROOT, "bench/load/bare-relay.ts");
export const RESULTS_DIR = path.join(REPO_ROOT, "bench/results");
