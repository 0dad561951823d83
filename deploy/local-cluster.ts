/**
 * `npm run cluster`: 3 chat nodes + nginx on 127.0.0.1, for trying the scaled-out shape by hand
 * (the fault tests use the same `startCluster`). Needs DATABASE_URL, REDIS_URL and nginx
 * (`apt-get install -y nginx`). Ctrl-C stops everything; nothing outside a temp dir is touched.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379 npm run cluster
 *   npm run cluster -- --port 8080 --node-ports 3001,3002,3003
 */
import { parseArgs } from "node:util";
import { nginxAvailable, startCluster } from "./cluster.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8080" },
    "node-ports": { type: "string", default: "3001,3002,3003" },
    "log-level": { type: "string", default: "info" },
  },
});

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl || !redisUrl || !nginxAvailable()) {
  console.error("Needs DATABASE_URL, REDIS_URL and nginx on the PATH (apt-get install -y nginx).");
  process.exit(2);
}
const cluster = await startCluster({
  databaseUrl,
  redisUrl,
  port: Number(values.port),
  nodePorts: (values["node-ports"] ?? "").split(",").map(Number),
  env: { LOG_LEVEL: values["log-level"] ?? "info" },
  onOutput: (node, line) => console.log(`[${node}] ${line}`),
});
console.log(`\nTeam chat cluster: ${cluster.url}  (nodes: ${cluster.nodes.map((n) => n.url).join(", ")})`);
console.log(
  "Stop a node with `kill <pid>` to watch its clients move: pids",
  cluster.nodes.map((n) => n.pid()).join(", "),
);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\nstopping the cluster…");
    cluster.stop().then(() => process.exit(0));
  });
}
