import crypto from "node:crypto";
import { ApiClient } from "@teamchat/sdk";
import { mapBounded } from "../lib/stats.js";

export type Scenario = "direct" | "group";
export const SCENARIOS = ["direct", "group"] as const;

export type BenchUser = { index: number; userId: string; token: string | null; chatIndex: number };
export type BenchChat = { chatId: string; members: number[] };
export type Plan = { users: BenchUser[]; chats: BenchChat[]; registerMs: number; createChatsMs: number };

/**
 * Who talks to whom: `direct` pairs users (0,1), (2,3), …; `group` cuts them into groups of
 * `groupSize` (a remainder under 2 joins the last group). Every user is in exactly one chat.
 */
export function chatLayout(users: number, scenario: Scenario, groupSize: number): number[][] {
  const size = scenario === "direct" ? 2 : Math.max(2, groupSize);
  const chats: number[][] = [];
  for (let start = 0; start + 1 < users; start += size) {
    chats.push(Array.from({ length: Math.min(size, users - start) }, (_, k) => start + k));
  }
  const last = chats.at(-1);
  const covered = chats.reduce((n, c) => n + c.length, 0);
  if (last && covered < users && scenario === "group") last.push(users - 1);
  return chats;
}

/** The bare relay needs no accounts: ids are made up and sockets name their rooms themselves. */
export function barePlan(layout: number[][]): Plan {
  const users: BenchUser[] = [];
  const chats = layout.map((members, chatIndex) => {
    for (const index of members) users[index] = { index, userId: crypto.randomUUID(), token: null, chatIndex };
    return { chatId: crypto.randomUUID(), members };
  });
  return { users: users.filter(Boolean), chats, registerMs: 0, createChatsMs: 0 };
}

/**
 * Real accounts through the REST API (argon2 hashing on the server makes this the slow part,
 * so it runs with bounded concurrency and is timed apart from the bench), then one chat per
 * layout entry created by its first member.
 */
export async function registeredPlan(baseUrl: string, layout: number[][], concurrency: number): Promise<Plan> {
  const tag = crypto.randomBytes(3).toString("hex");
  const flat = layout.flatMap((members, chatIndex) => members.map((index) => ({ index, chatIndex })));
  const registerStart = performance.now();
  const registered = await mapBounded(flat, concurrency, async ({ index, chatIndex }) => {
    const api = new ApiClient({ baseUrl });
    const session = await api.register({
      username: `b${tag}-${index}`,
      password: "bench password 1234",
      displayName: `Bench ${index}`,
    });
    return { index, chatIndex, userId: session.user.id, token: session.accessToken };
  });
  const registerMs = performance.now() - registerStart;
  const users: BenchUser[] = [];
  for (const u of registered) users[u.index] = u;

  const chatsStart = performance.now();
  const chats = await mapBounded(layout, concurrency, async (members) => {
    const [first, ...others] = members.map((i) => users[i] as BenchUser);
    if (!first) throw new Error("empty chat in layout");
    const api = new ApiClient({ baseUrl, getAccessToken: () => first.token });
    const chatId =
      others.length === 1 && others[0]
        ? (await api.createDirectChat(others[0].userId)).chat.id
        : (await api.createGroupChat({ name: `bench ${first.index}`, memberIds: others.map((u) => u.userId) })).id;
    return { chatId, members };
  });
  return { users: users.filter(Boolean), chats, registerMs, createChatsMs: performance.now() - chatsStart };
}
