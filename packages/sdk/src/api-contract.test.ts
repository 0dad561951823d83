import {
  type ChatSummary,
  type HistoryPage,
  type RestRoutes,
  type RouteName,
  type RouteResponse,
  restRoutes,
  type Session,
} from "@teamchat/protocol";
import { describe, expect, expectTypeOf, it } from "vitest";
import { AdminClient } from "./admin-client.js";
import { ApiClient } from "./api-client.js";

type Answer<F> = F extends (...args: never[]) => Promise<infer T> ? T : never;

/** The admin client drops the `admin` prefix: `adminUpsertUser` is `admin.upsertUser`. */
type AdminMethod<K> = K extends `admin${infer M}` ? Uncapitalize<M> : never;

/** Route names the JSON API client calls by the same name (files' bytes are `fileBlob`, admin routes are AdminClient's). */
type ClientRoute = Exclude<RouteName & keyof ApiClient, `admin${string}`>;

describe("the REST contract", () => {
  it("every ApiClient call answers its route's response type (a drift fails typecheck)", () => {
    // One equality over the whole table: for each route the client calls by name, the resolved
    // return type is exactly the table's response type.
    type ClientAnswers = { [K in ClientRoute]: Answer<ApiClient[K]> };
    type TableAnswers = { [K in ClientRoute]: RouteResponse<RestRoutes[K]> };
    expectTypeOf<ClientAnswers>().toEqualTypeOf<TableAnswers>();
    // And spelled out for a few, so the mapped check is seen to bite.
    expectTypeOf<Answer<ApiClient["chat"]>>().toEqualTypeOf<ChatSummary>();
    expectTypeOf<Answer<ApiClient["history"]>>().toEqualTypeOf<HistoryPage>();
    expectTypeOf<Answer<ApiClient["login"]>>().toEqualTypeOf<Session>();
    expectTypeOf<Answer<ApiClient["chats"]>>().toEqualTypeOf<ChatSummary[]>();
    expectTypeOf<Answer<ApiClient["chat"]>>().not.toEqualTypeOf<HistoryPage>();
  });

  it("every AdminClient call answers its admin route's response type", () => {
    type AdminRoute = Extract<RouteName, `admin${string}`>;
    type ClientAnswers = { [K in AdminRoute]: Answer<AdminClient[AdminMethod<K> & keyof AdminClient]> };
    type TableAnswers = { [K in AdminRoute]: RouteResponse<RestRoutes[K]> };
    expectTypeOf<ClientAnswers>().toEqualTypeOf<TableAnswers>();
  });

  it("every route of the table has a client call", () => {
    const api = new ApiClient({ baseUrl: "http://chat.test" });
    const admin = new AdminClient({ baseUrl: "http://chat.test", serviceToken: "t" });
    const bytes = new Set(["file", "fileThumbnail"]); // ApiClient.fileBlob(fileId, variant)
    const missing = Object.keys(restRoutes).filter((name) => {
      if (bytes.has(name)) return typeof api.fileBlob !== "function";
      const method = name.startsWith("admin") ? name[5]?.toLowerCase() + name.slice(6) : name;
      const client = (name.startsWith("admin") ? admin : api) as unknown as Record<string, unknown>;
      return typeof client[method] !== "function";
    });
    expect(missing).toEqual([]);
  });

  it("a call fills the path from params and sends the body and token as the table says", async () => {
    const calls: { url: string; method: string; body: unknown; auth: string | undefined }[] = [];
    const api = new ApiClient({
      baseUrl: "http://chat.test",
      getAccessToken: () => "tok",
      fetch: async (url, init) => {
        const headers = (init?.headers ?? {}) as Record<string, string>;
        calls.push({
          url: String(url),
          method: init?.method ?? "",
          body: init?.body ? JSON.parse(String(init.body)) : undefined,
          auth: headers.authorization,
        });
        return new Response(JSON.stringify({ success: true, data: {} }), { status: 200 });
      },
    });
    const chatId = "7d2c1a4e-5b6f-4c3d-8e9f-0a1b2c3d4e5f";
    const userId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    await api.setMemberRole(chatId, userId, "admin");
    await api.login({ username: "ann", password: "secret-pass" });
    expect(calls[0]).toEqual({
      url: `http://chat.test/api/chats/${chatId}/members/${userId}/role`,
      method: restRoutes.setMemberRole.method,
      body: { role: "admin" },
      auth: "Bearer tok",
    });
    // Sign-in routes (auth "none") never send a token.
    expect(calls[1]).toMatchObject({ url: "http://chat.test/api/auth/login", method: "POST", auth: undefined });
  });
});
