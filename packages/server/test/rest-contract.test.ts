import { restRoutes } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import { useTestServer } from "./harness.js";

const server = useTestServer();

describe("the REST route table", () => {
  it("the server registers every route of the protocol's table, by its method and path", () => {
    const missing = Object.entries(restRoutes)
      .filter(([, route]) => !server.built.app.hasRoute({ method: route.method, url: route.path }))
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it("answers a table route with the status the table names (201 for a created group)", async () => {
    const ann = await server.user("ann");
    const response = await fetch(new URL(restRoutes.createGroupChat.path, server.baseUrl), {
      method: restRoutes.createGroupChat.method,
      headers: { authorization: `Bearer ${ann.session.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Contract" }),
    });
    expect(restRoutes.createGroupChat.status).toContain(response.status);
    expect(response.status).toBe(201);
  });
});
