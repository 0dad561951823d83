import { type ChatSummary, type Message, ServerEvent } from "@teamchat/protocol";
import { type ChatSocket, request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../src/db/database.js";
import { PAIRS_SQL } from "../src/modules/chats/chat-list.repo.js";
import { chatViewKey, getChatViews } from "../src/modules/chats/chat-queries.js";
import { collect, newClientId, sleep, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

async function send(socket: ChatSocket, chatId: string, body: string): Promise<Message> {
  return (await request(socket, "message:send", { chatId, clientId: newClientId(), body })).message;
}

async function listed(user: TestUser, chatId: string): Promise<ChatSummary> {
  const chat = (await user.api.chats()).find((c) => c.id === chatId);
  if (!chat) throw new Error(`${user.username} does not list ${chatId}`);
  return chat;
}

describe("chat views read many (viewer, chat) pairs in one statement", () => {
  it("shows each chat as its viewer's own list does: unread counts, settings, withheld profiles, a former member's view", async () => {
    const [ann, ben, cat, dan] = [
      await server.user("cv-ann"),
      await server.user("cv-ben"),
      await server.user("cv-cat"),
      await server.user("cv-dan"),
    ];
    await ben.api.updateProfile({ statusMessage: "only for friends" });
    const group = await ann.api.createGroupChat({ name: "views", memberIds: [ben.id, cat.id, dan.id] });
    const annSocket = await ann.connect();
    const first = await send(annSocket, group.id, "hello all");
    await request(await ben.connect(), "message:send", {
      chatId: group.id,
      clientId: newClientId(),
      body: `@${ann.username} look`,
      mentions: [ann.id],
    });
    await request(annSocket, "reaction:add", { chatId: group.id, messageId: first.id, emoji: "👍" });
    await request(annSocket, "message:pin", { chatId: group.id, messageId: first.id });
    await dan.api.leaveChat(group.id);
    // Ben blocked Ann: she sees his name only, in the group as everywhere.
    await ben.api.blockUser(ann.id);
    await cat.api.updateChatSettings(group.id, { mute: "8h", archived: true });
    const { chat: direct } = await cat.api.createDirectChat(ann.id);
    await send(await cat.connect(), direct.id, "just us");

    const wanted = [
      { userId: ann.id, chatId: group.id },
      { userId: ben.id, chatId: group.id },
      { userId: cat.id, chatId: group.id },
      { userId: dan.id, chatId: group.id },
      { userId: ann.id, chatId: direct.id },
      { userId: cat.id, chatId: direct.id },
      { userId: ben.id, chatId: direct.id },
    ];
    const views = await getChatViews(server.database, wanted);

    expect(views.size).toBe(6);
    expect(views.has(chatViewKey(ben.id, direct.id))).toBe(false);
    for (const [user, chatId] of [
      [ann, group.id],
      [ben, group.id],
      [cat, group.id],
      [dan, group.id],
      [ann, direct.id],
      [cat, direct.id],
    ] as const) {
      expect(views.get(chatViewKey(user.id, chatId)), `${user.username} in ${chatId}`).toEqual(
        await listed(user, chatId),
      );
    }
    // The views differ where the viewers do.
    const annGroup = views.get(chatViewKey(ann.id, group.id));
    expect(annGroup?.mentionCount).toBe(1);
    expect(annGroup?.members.find((m) => m.user.id === ben.id)?.user.statusMessage).toBeNull();
    expect(
      views.get(chatViewKey(cat.id, group.id))?.members.find((m) => m.user.id === ben.id)?.user.statusMessage,
    ).toBe("only for friends");
    expect(views.get(chatViewKey(dan.id, group.id))?.leftAtSeq).not.toBeNull();
    expect(views.get(chatViewKey(ann.id, direct.id))?.unreadCount).toBe(1);
    expect(views.get(chatViewKey(cat.id, direct.id))?.unreadCount).toBe(0);
  });
});

describe("the chat views statement", () => {
  it("is planned once, not at every read of one chat", async () => {
    const [eve, fay] = [await server.user("cv-eve"), await server.user("cv-fay")];
    const { chat } = await eve.api.createDirectChat(fay.id);
    // Eve and Fay share 50 groups of 400 messages, analyzed: the planner then expects a viewer in
    // many chats, and a plan that sees a one-pair array looks far cheaper than the generic one.
    await server.database.exec(`
      INSERT INTO chats (type, name, last_seq) SELECT 'group', 'plan ' || g, 400 FROM generate_series(1, 50) g;
      INSERT INTO chat_members (chat_id, user_id)
        SELECT c.id, u.id FROM chats c, users u WHERE c.name LIKE 'plan %' AND u.id IN ('${eve.id}', '${fay.id}');
      INSERT INTO messages (chat_id, seq, sender_id, body)
        SELECT c.id, s, CASE WHEN s % 2 = 0 THEN '${eve.id}' ELSE '${fay.id}' END::uuid, 'plan message ' || s
        FROM chats c, generate_series(1, 400) s WHERE c.name LIKE 'plan %';
      ANALYZE;`);
    // One connection for the whole check (a prepared statement is its session's); the pairs go
    // in as literals, since EXECUTE takes no bound parameters.
    const plans = await server.database.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`PREPARE chat_views_planned(uuid[], uuid[]) AS ${PAIRS_SQL}`));
      for (let i = 0; i < 8; i++) {
        const [view] = rowsOf<{ list: string }>(
          await tx.execute(sql.raw(`EXECUTE chat_views_planned('{${eve.id}}', '{${chat.id}}')`)),
        );
        expect(JSON.parse(view?.list ?? "[]")[0]).toHaveLength(1);
      }
      const [counts] = rowsOf<{ generic: number; custom: number }>(
        await tx.execute(
          sql`SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name = 'chat_views_planned'`,
        ),
      );
      await tx.execute(sql.raw("DEALLOCATE chat_views_planned"));
      return counts;
    });
    // PostgreSQL plans the first five executions for their values, then keeps the generic plan
    // unless those were cheaper; a plan that could see one pair's array always was.
    expect(plans).toEqual({ generic: 3, custom: 5 });
  });
});

describe("a wave of new direct chats", () => {
  it("tells every peer of their chat, as their list shows it, before its first message", async () => {
    const pairs = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const [starter, peer] = [await server.user(`wave-s${i}`), await server.user(`wave-p${i}`)];
        const peerSocket = await peer.connect();
        const events: string[] = [];
        const created = collect(peerSocket, ServerEvent.chatCreated);
        peerSocket.on(ServerEvent.chatCreated, () => events.push("chat"));
        peerSocket.on(ServerEvent.messageNew, () => events.push("message"));
        const { chat } = await starter.api.createDirectChat(peer.id);
        return { starter, peer, chat, created, events, socket: await starter.connect() };
      }),
    );
    // All first messages at once: their announcements share statements.
    await Promise.all(pairs.map((p, i) => send(p.socket, p.chat.id, `first ${i}`)));
    await sleep(300);
    for (const [i, p] of pairs.entries()) {
      expect(p.events).toEqual(["chat", "message"]);
      expect(p.created).toHaveLength(1);
      expect(p.created[0]?.lastMessage?.body).toBe(`first ${i}`);
      expect(p.created[0]).toEqual(await listed(p.peer, p.chat.id));
    }
  });
});
