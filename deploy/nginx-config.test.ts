import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { composeNginxOptions, renderNginxConfig } from "./nginx-config.js";

describe("nginx configuration", () => {
  it("deploy/nginx.conf is exactly what the tested cluster script renders, for the compose services", () => {
    const committed = fs.readFileSync(path.join(import.meta.dirname, "nginx.conf"), "utf8");
    expect(committed).toBe(renderNginxConfig(composeNginxOptions));
  });

  it("marks unready nodes down and keeps websocket upgrade headers", () => {
    const text = renderNginxConfig({ ...composeNginxOptions, down: ["node2:3000"] });
    expect(text).toContain("server node2:3000 max_fails=1 fail_timeout=5s down;");
    expect(text).toContain("server node1:3000 max_fails=1 fail_timeout=5s;");
    expect(text).toContain("proxy_set_header Upgrade $http_upgrade;");
    expect(text).not.toContain("ip_hash"); // websocket only: no sticky sessions
    // least_conn counts connections of every worker in one shared zone, not per worker.
    expect(text).toMatch(/upstream teamchat \{\n {4}zone teamchat_upstream \d+k;\n {4}least_conn;/);
  });
});
