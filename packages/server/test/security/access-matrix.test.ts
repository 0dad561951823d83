import crypto from "node:crypto";
import { ApiPath, buildPath, ClientEvent, type ClientEventName, type ErrorCode, ServerEvent } from "@teamchat/protocol";
import { type ChatSocket, request } from "@teamchat/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { PDF } from "../fixtures/files.js";
import { newClientId, sleep, type TestUser, useTestServer } from "../harness.js";
import { expectAlive, expectRefused, expectTypedAck, query, rawEmit, rawFetch } from "./attack-kit.js";

/**
 * Every socket event and every REST route, tried by three attackers against chats that are not
 * (or no longer) theirs. The tables are keyed by the protocol's own lists (ClientEvent,
 * ApiPath): a new event or route without a case here fails this file (and the typecheck).
 *
 *   stranger — never a member of the group;
 *   removed  — was a member, then an admin removed them (keeps read access up to the removal);
 *   blocked  — blocked by the owner; still a member of their direct chat.
 */
// The admin API is on, so a user's own token meeting it is the attack (not a switched-off route).
const server = useTestServer({ ADMIN_API_TOKEN: "matrix-service-token-0123456789abcdef-xyz" });

type Actor = "stranger" | "removed" | "blocked";
const ACTORS: Actor[] = ["stranger", "removed", "blocked"];

type World = {
  owner: TestUser;
  member: TestUser;
  actors: Record<Actor, TestUser>;
  groupId: string;
  directId: string; // owner ↔ blocked
  beforeRemoval: { id: string; seq: number; body: string };
  afterRemoval: { id: string; seq: number; body: string };
  removedAtSeq: number;
  ownerDirectMessageId: string;
  blockedOwnMessageId: string;
  ownerEndpoint: string;
  blockedGroupId: string; // a group the blocked user admins
  groupFileId: string; // a PDF the owner shared in the group after the removal
};
let w: World;
const sockets: Partial<Record<Actor | "owner" | "member", ChatSocket>> = {};
const SECRET = "afterremovalsecret";

beforeAll(async () => {
  const [owner, member, stranger, removed, blocked] = [
    await server.user("mx-owner"),
    await server.user("mx-member"),
    await server.user("mx-stranger"),
    await server.user("mx-removed"),
    await server.user("mx-blocked"),
  ];
  const group = await owner.api.createGroupChat({ name: "inner circle", memberIds: [member.id, removed.id] });
  const { chat: direct } = await owner.api.createDirectChat(blocked.id);
  const ownerSocket = await owner.connect();
  const send = async (socket: ChatSocket, chatId: string, body: string) =>
    (await request(socket, "message:send", { chatId, clientId: newClientId(), body })).message;
  const before = await send(ownerSocket, group.id, "before removal");
  await owner.api.removeMember(group.id, removed.id);
  const after = await send(ownerSocket, group.id, `${SECRET} plans`);
  const groupFile = await owner.api.uploadFile(
    new Blob([new Uint8Array(PDF)], { type: "application/pdf" }),
    "plan.pdf",
  );
  await request(ownerSocket, "message:send", {
    chatId: group.id,
    clientId: newClientId(),
    body: "the plan",
    attachmentIds: [groupFile.id],
  });
  const ownerDirect = await send(ownerSocket, direct.id, "hello blocked");
  const blockedDirect = await send(await blocked.connect(), direct.id, "hello owner");
  await owner.api.blockUser(blocked.id);
  const ownerEndpoint = "https://push.example/owner-endpoint";
  await owner.api.subscribePush({
    endpoint: ownerEndpoint,
    keys: { p256dh: crypto.createECDH("prime256v1").generateKeys("base64url"), auth: "A".repeat(22) },
  });
  const removedSummary = await removed.api.chat(group.id);
  w = {
    owner,
    member,
    actors: { stranger, removed, blocked },
    groupId: group.id,
    directId: direct.id,
    beforeRemoval: { id: before.id, seq: before.seq, body: before.body },
    afterRemoval: { id: after.id, seq: after.seq, body: after.body },
    removedAtSeq: removedSummary.leftAtSeq ?? -1,
    ownerDirectMessageId: ownerDirect.id,
    blockedOwnMessageId: blockedDirect.id,
    ownerEndpoint,
    blockedGroupId: (await blocked.api.createGroupChat({ name: "theirs", memberIds: [member.id] })).id,
    groupFileId: groupFile.id,
  };
  sockets.owner = ownerSocket;
  sockets.member = await member.connect();
  for (const actor of ACTORS) sockets[actor] = await w.actors[actor].connect();
});

// --- Socket events ---

/** What an event by an attacker must come to: refused with one of these codes, or a harmless ok. */
type EventOutcome =
  | { refused: ErrorCode[] }
  | { ok: (ack: Record<string, unknown>) => void; why: string }
  | { allowed: string };

type EventCase = { payload: (actor: Actor) => unknown; outcome: Record<Actor, EventOutcome> };

// Nothing names a block: a blocked person's change is answered as done and stored nowhere
// (blocks.test.ts); the snapshot and the victims' events below prove the "nowhere".
const withheldChange: EventOutcome = {
  ok: (ack) => expect(ack).toHaveProperty("message"),
  why: "answered as done to the blocked person only, stored nowhere",
};
const target = (actor: Actor) => (actor === "blocked" ? w.directId : w.groupId);
const foreign: EventOutcome = { refused: ["NOT_A_MEMBER"] };
const noPresence: EventOutcome = {
  ok: (ack) => expect(ack.presence).toEqual([]),
  why: "no shared chat (or blocked): nothing about the owner is told",
};

const eventCases: Record<ClientEventName, EventCase> = {
  [ClientEvent.messageSend]: {
    payload: (a) => ({ chatId: target(a), clientId: newClientId(), body: "intrusion" }),
    outcome: {
      stranger: foreign,
      removed: foreign,
      // Nothing may tell the blocked person about the block: see blocks.test.ts.
      blocked: { allowed: "acknowledged and stored for the sender only, never delivered to the blocker" },
    },
  },
  [ClientEvent.messageEdit]: {
    payload: (a) => ({
      chatId: target(a),
      messageId: a === "blocked" ? w.blockedOwnMessageId : w.afterRemoval.id,
      body: "rewritten",
    }),
    outcome: { stranger: foreign, removed: foreign, blocked: withheldChange },
  },
  [ClientEvent.messageDelete]: {
    payload: (a) => ({ chatId: target(a), messageId: a === "blocked" ? w.ownerDirectMessageId : w.afterRemoval.id }),
    outcome: { stranger: foreign, removed: foreign, blocked: { refused: ["NOT_YOUR_MESSAGE"] } },
  },
  [ClientEvent.reactionAdd]: {
    payload: (a) => ({
      chatId: target(a),
      messageId: a === "blocked" ? w.ownerDirectMessageId : w.afterRemoval.id,
      emoji: "👍",
    }),
    outcome: { stranger: foreign, removed: foreign, blocked: withheldChange },
  },
  [ClientEvent.reactionRemove]: {
    payload: (a) => ({
      chatId: target(a),
      messageId: a === "blocked" ? w.ownerDirectMessageId : w.afterRemoval.id,
      emoji: "👍",
    }),
    outcome: { stranger: foreign, removed: foreign, blocked: withheldChange },
  },
  [ClientEvent.messageDelivered]: {
    payload: (a) => ({ chatId: target(a), upToSeq: 99 }),
    outcome: {
      stranger: foreign,
      removed: foreign,
      blocked: { allowed: "receipts for the owner's earlier messages in their own chat" },
    },
  },
  [ClientEvent.messageRead]: {
    payload: (a) => ({ chatId: target(a), upToSeq: 99 }),
    outcome: {
      stranger: foreign,
      removed: foreign,
      blocked: { allowed: "receipts for the owner's earlier messages in their own chat" },
    },
  },
  [ClientEvent.typingStart]: {
    payload: (a) => ({ chatId: target(a) }),
    outcome: {
      stranger: foreign,
      removed: foreign,
      blocked: { ok: () => {}, why: "answered, but never relayed to the blocker" },
    },
  },
  [ClientEvent.typingStop]: {
    payload: (a) => ({ chatId: target(a) }),
    outcome: { stranger: foreign, removed: foreign, blocked: { ok: () => {}, why: "nothing relayed" } },
  },
  [ClientEvent.presenceQuery]: {
    payload: () => ({ userIds: [w.owner.id, w.member.id].filter(Boolean) }),
    outcome: { stranger: noPresence, removed: noPresence, blocked: { allowed: "checked below" } },
  },
  [ClientEvent.messageHide]: {
    payload: (a) => ({ chatId: target(a), messageId: a === "blocked" ? w.ownerDirectMessageId : w.afterRemoval.id }),
    outcome: {
      stranger: foreign,
      // A message after their removal does not exist for them.
      removed: { refused: ["NOT_A_MEMBER", "MESSAGE_NOT_FOUND"] },
      blocked: { allowed: "hiding a message of their own chat from their own view" },
    },
  },
  [ClientEvent.messagePlayed]: {
    payload: (a) => ({ chatId: target(a), messageId: a === "blocked" ? w.ownerDirectMessageId : w.afterRemoval.id }),
    // Across a block a play is answered as done (never BLOCKED); this target is no voice note.
    outcome: { stranger: foreign, removed: foreign, blocked: { refused: ["NOT_A_VOICE_MESSAGE"] } },
  },
  [ClientEvent.messagePin]: {
    payload: (a) => ({ chatId: target(a), messageId: a === "blocked" ? w.ownerDirectMessageId : w.afterRemoval.id }),
    outcome: { stranger: foreign, removed: foreign, blocked: withheldChange },
  },
  [ClientEvent.messageUnpin]: {
    payload: (a) => ({ chatId: target(a), messageId: a === "blocked" ? w.ownerDirectMessageId : w.afterRemoval.id }),
    outcome: { stranger: foreign, removed: foreign, blocked: withheldChange },
  },
};

/** The rows an attack must not change (the attacker's own membership row aside: their own pointers). */
async function snapshot(actorId: string) {
  return {
    messages: await query(
      server,
      "SELECT id, chat_id, seq, body, change_seq, edited_at, deleted_at FROM messages ORDER BY chat_id, seq",
    ),
    reactions: await query(server, "SELECT message_id, user_id, emoji FROM message_reactions ORDER BY 1, 2, 3"),
    members: await query(
      server,
      `SELECT chat_id, user_id, role, read_seq, delivered_seq, archived, muted_until FROM chat_members
        WHERE user_id <> '${actorId}' ORDER BY 1, 2`,
    ),
    chats: await query(server, "SELECT * FROM chats ORDER BY id"),
    former: await query(server, "SELECT chat_id, user_id, left_at_seq FROM chat_former_members ORDER BY 1, 2"),
    push: await query(server, "SELECT user_id, endpoint FROM push_subscriptions ORDER BY 1, 2"),
    edits: await query(server, "SELECT message_id, body FROM message_edits ORDER BY 1, 2"),
  };
}

/** Every server event the owner and the member receive while the attacks run. */
function watchVictims() {
  const seen: { to: string; event: string; payload: unknown }[] = [];
  for (const name of ["owner", "member"] as const) {
    const socket = sockets[name];
    socket?.onAny((event: string, payload: unknown) => seen.push({ to: name, event, payload }));
  }
  return seen;
}

describe("every socket event, by each attacker", () => {
  it("the case table covers the protocol's every client event", () => {
    expect(Object.keys(eventCases).sort()).toEqual(Object.values(ClientEvent).sort());
  });

  for (const actor of ACTORS) {
    it(`${actor}: refused with a typed error (or answered harmlessly); no data, no side effect`, async () => {
      const socket = sockets[actor] as ChatSocket;
      const before = await snapshot(w.actors[actor].id);
      const seen = watchVictims();
      for (const event of Object.values(ClientEvent)) {
        const { payload, outcome } = eventCases[event];
        const expected = outcome[actor];
        if ("allowed" in expected) continue;
        const ack = await rawEmit(socket, event, payload(actor));
        const context = `${actor} ${event}`;
        if ("refused" in expected) {
          expectRefused(ack, expected.refused, context);
          // A refusal carries nothing but the error: no message, chat or member data.
          expect(Object.keys(ack).sort(), context).toEqual(["error", "ok"]);
          expect(JSON.stringify(ack), context).not.toContain(SECRET);
        } else {
          expectTypedAck(ack, context);
          expect(ack.ok, `${context}: ${JSON.stringify(ack)}`).toBe(true);
          expected.ok(ack);
        }
      }
      await sleep(300);
      expect(await snapshot(w.actors[actor].id)).toEqual(before);
      const caused = seen.filter((s) => JSON.stringify(s.payload).includes(w.actors[actor].id));
      expect(caused, `events the ${actor} caused`).toEqual([]);
      expect(
        seen.filter((s) => s.event === ServerEvent.typingStart || s.event === ServerEvent.messageNew),
        actor,
      ).toEqual([]);
      await expectAlive(server);
    });
  }

  it("blocked: presence of the blocker stays hidden", async () => {
    const ack = await rawEmit(sockets.blocked as ChatSocket, ClientEvent.presenceQuery, { userIds: [w.owner.id] });
    expectTypedAck(ack, "presence");
    expect(ack.presence).toEqual([]);
  });
});

// --- REST routes ---

type Call = { method: string; path: string; body?: unknown };
type RouteOutcome = { refused: ErrorCode[] } | { check: (data: unknown) => void } | { selfOnly: string };
type RouteCase = { call: (actor: Actor) => Call; outcome: Record<Actor, RouteOutcome> } | { public: string };

const grp = () => ({ chatId: w.groupId });
const notMember: RouteOutcome = { refused: ["NOT_A_MEMBER"] };
const ownChat = (why: string): RouteOutcome => ({ selfOnly: why });
const formerReadOnly = (check: (data: unknown) => void): RouteOutcome => ({ check });
const noSecret = (data: unknown) => expect(JSON.stringify(data)).not.toContain(SECRET);
const chatFor = (a: Actor) => (a === "blocked" ? w.directId : w.groupId);
const noPrivateGroups = (data: unknown) => {
  noSecret(data);
  expect(JSON.stringify(data)).not.toContain(w.groupId);
};

const fileNotFound: RouteOutcome = { refused: ["FILE_NOT_FOUND"] };
const adminOnly: Record<Actor, RouteOutcome> = {
  stranger: { refused: ["ADMIN_TOKEN_INVALID"] },
  removed: { refused: ["ADMIN_TOKEN_INVALID"] },
  blocked: { refused: ["ADMIN_TOKEN_INVALID"] },
};
const routeCases: Record<keyof typeof ApiPath, RouteCase[]> = {
  sso: [{ public: "exchanges a host app's token; its attacks are in sso.test.ts" }],
  metrics: [{ public: "operator endpoint: METRICS_TOKEN or loopback only; see operations.test.ts" }],
  // A user's access token is not the service token: every admin route refuses it.
  adminUsers: [
    {
      call: () => ({ method: "POST", path: ApiPath.adminUsers, body: { externalId: "x", displayName: "Mallory" } }),
      outcome: adminOnly,
    },
  ],
  adminUser: [
    {
      call: () => ({
        method: "PATCH",
        path: buildPath(ApiPath.adminUser, { externalId: "x" }),
        body: { disabled: true },
      }),
      outcome: adminOnly,
    },
  ],
  adminChats: [
    { call: () => ({ method: "POST", path: ApiPath.adminChats, body: { name: "takeover" } }), outcome: adminOnly },
  ],
  adminChatMembers: [
    {
      call: () => ({
        method: "POST",
        path: buildPath(ApiPath.adminChatMembers, { chatId: w.groupId }),
        body: { externalIds: ["x"] },
      }),
      outcome: adminOnly,
    },
  ],
  adminChatMember: [
    {
      call: () => ({
        method: "DELETE",
        path: buildPath(ApiPath.adminChatMember, { chatId: w.groupId, externalId: "x" }),
      }),
      outcome: adminOnly,
    },
  ],
  adminChatNotices: [
    {
      call: () => ({
        method: "POST",
        path: buildPath(ApiPath.adminChatNotices, { chatId: w.groupId }),
        body: { text: "Your account is locked, reply with your password" },
      }),
      outcome: adminOnly,
    },
  ],
  files: [
    {
      // Uploads are multipart; a JSON body is refused before anything is stored.
      call: () => ({ method: "POST", path: ApiPath.files, body: { name: "x.pdf" } }),
      outcome: {
        stranger: { refused: ["VALIDATION_FAILED"] },
        removed: { refused: ["VALIDATION_FAILED"] },
        blocked: { refused: ["VALIDATION_FAILED"] },
      },
    },
  ],
  file: [
    {
      call: () => ({ method: "GET", path: buildPath(ApiPath.file, { fileId: w.groupFileId }) }),
      outcome: { stranger: fileNotFound, removed: fileNotFound, blocked: fileNotFound },
    },
  ],
  fileThumbnail: [
    {
      call: () => ({ method: "GET", path: buildPath(ApiPath.fileThumbnail, { fileId: w.groupFileId }) }),
      outcome: { stranger: fileNotFound, removed: fileNotFound, blocked: fileNotFound },
    },
  ],
  linkPreviews: [
    {
      // Any signed-in user may ask; nothing of a chat is involved. In this suite previews reach
      // no page (the address policy refuses the example's loopback), so every answer is empty.
      call: () => ({ method: "POST", path: ApiPath.linkPreviews, body: { url: "http://127.0.0.1/" } }),
      outcome: {
        stranger: { check: (data) => expect(data).toEqual({ preview: null }) },
        removed: { check: (data) => expect(data).toEqual({ preview: null }) },
        blocked: { check: (data) => expect(data).toEqual({ preview: null }) },
      },
    },
  ],
  chatMedia: [
    {
      call: (a) => ({
        method: "GET",
        path: buildPath(ApiPath.chatMedia, { chatId: a === "blocked" ? w.groupId : chatFor(a) }),
      }),
      outcome: { stranger: notMember, removed: notMember, blocked: notMember },
    },
  ],
  channels: [
    {
      call: () => ({ method: "GET", path: ApiPath.channels }),
      outcome: {
        stranger: { check: noPrivateGroups },
        removed: { check: noPrivateGroups },
        blocked: { check: noPrivateGroups },
      },
    },
    {
      call: () => ({ method: "POST", path: ApiPath.channels, body: { name: "attacker's own channel" } }),
      outcome: {
        stranger: ownChat("creates their own channel"),
        removed: ownChat("creates their own channel"),
        blocked: ownChat("creates their own channel"),
      },
    },
  ],
  channelJoin: [
    {
      // Groups and direct chats are not channels: "join" must not be a way in.
      call: (a) => ({ method: "POST", path: buildPath(ApiPath.channelJoin, { chatId: chatFor(a) }) }),
      outcome: {
        stranger: { refused: ["CHAT_NOT_FOUND"] },
        removed: { refused: ["CHAT_NOT_FOUND"] },
        blocked: { refused: ["CHAT_NOT_FOUND"] },
      },
    },
  ],
  chatDisappearing: [
    {
      call: (a) => ({
        method: "PUT",
        path: buildPath(ApiPath.chatDisappearing, { chatId: chatFor(a) }),
        body: { seconds: 86_400 },
      }),
      outcome: { stranger: notMember, removed: notMember, blocked: { check: (d) => noSecret(d) } },
    },
  ],
  register: [{ public: "creates an account; no session needed" }],
  login: [{ public: "no session needed; see enumeration.test.ts" }],
  refresh: [{ public: "cookie-authenticated; see tokens.test.ts" }],
  logout: [{ public: "ends the cookie's own session only" }],
  health: [{ public: "liveness probe" }],
  ready: [{ public: "readiness probe" }],
  me: [
    {
      call: () => ({ method: "GET", path: ApiPath.me }),
      outcome: { stranger: ownChat("caller only"), removed: ownChat("caller only"), blocked: ownChat("caller only") },
    },
    {
      call: () => ({ method: "PATCH", path: ApiPath.me, body: { displayName: "Renamed" } }),
      outcome: { stranger: ownChat("caller only"), removed: ownChat("caller only"), blocked: ownChat("caller only") },
    },
  ],
  myPrivacy: [
    {
      call: () => ({ method: "PATCH", path: ApiPath.myPrivacy, body: { lastSeen: false } }),
      outcome: { stranger: ownChat("caller only"), removed: ownChat("caller only"), blocked: ownChat("caller only") },
    },
  ],
  myBlocks: [
    {
      call: () => ({ method: "GET", path: ApiPath.myBlocks }),
      outcome: { stranger: ownChat("caller only"), removed: ownChat("caller only"), blocked: ownChat("caller only") },
    },
  ],
  users: [
    {
      call: () => ({ method: "GET", path: `${ApiPath.users}?q=mx-owner` }),
      outcome: {
        stranger: { check: (d) => expectPublicUsers(d) },
        removed: { check: (d) => expectPublicUsers(d) },
        blocked: { check: (d) => expectPublicUsers(d) },
      },
    },
  ],
  user: [
    {
      call: () => ({ method: "GET", path: buildPath(ApiPath.user, { userId: w.owner.id }) }),
      outcome: {
        stranger: { check: (d) => expectPublicUsers([d]) },
        removed: { check: (d) => expectPublicUsers([d]) },
        blocked: { check: (d) => expectPublicUsers([d]) },
      },
    },
  ],
  userBlock: [
    {
      call: () => ({ method: "PUT", path: buildPath(ApiPath.userBlock, { userId: w.member.id }) }),
      outcome: { stranger: ownChat("own block list"), removed: ownChat("own block list"), blocked: ownChat("own") },
    },
    {
      call: () => ({ method: "DELETE", path: buildPath(ApiPath.userBlock, { userId: w.actors.blocked.id }) }),
      // Unblocking is the blocker's own list: an attacker's DELETE cannot lift the owner's block.
      outcome: { stranger: ownChat("own block list"), removed: ownChat("own block list"), blocked: ownChat("own") },
    },
  ],
  chats: [
    {
      call: () => ({ method: "GET", path: ApiPath.chats }),
      outcome: {
        stranger: { check: (d) => expect((d as { id: string }[]).map((c) => c.id)).not.toContain(w.groupId) },
        removed: formerReadOnly((d) => {
          const mine = (d as { id: string; lastMessage: { seq: number } | null }[]).find((c) => c.id === w.groupId);
          expect(mine?.lastMessage?.seq).toBeLessThanOrEqual(w.removedAtSeq);
          noSecret(d);
        }),
        blocked: { check: noSecret },
      },
    },
  ],
  chat: [
    {
      call: (a) => ({ method: "GET", path: buildPath(ApiPath.chat, { chatId: chatFor(a) }) }),
      outcome: {
        stranger: notMember,
        removed: formerReadOnly((d) => {
          expect((d as { lastMessage: { seq: number } }).lastMessage.seq).toBeLessThanOrEqual(w.removedAtSeq);
          noSecret(d);
        }),
        blocked: ownChat("their own direct chat"),
      },
    },
    {
      call: (a) => ({
        method: "PATCH",
        path: buildPath(ApiPath.chat, { chatId: chatFor(a) }),
        body: { name: "pwned" },
      }),
      outcome: { stranger: notMember, removed: notMember, blocked: { refused: ["NOT_A_GROUP"] } },
    },
  ],
  directChat: [
    {
      call: () => ({ method: "POST", path: ApiPath.directChat, body: { userId: w.owner.id } }),
      outcome: {
        stranger: ownChat("anyone may start a direct chat with a colleague"),
        removed: ownChat("anyone may start a direct chat with a colleague"),
        blocked: ownChat("their existing chat with the blocker: nothing tells them about the block"),
      },
    },
  ],
  groupChat: [
    {
      call: () => ({ method: "POST", path: ApiPath.groupChat, body: { name: "trap", memberIds: [w.owner.id] } }),
      outcome: {
        stranger: ownChat("anyone may create a group with colleagues"),
        removed: ownChat("anyone may create a group with colleagues"),
        blocked: { refused: ["CANNOT_ADD_MEMBER"] },
      },
    },
  ],
  chatMembers: [
    {
      // Putting the blocker into one's own group would get round the block.
      call: (a) => ({
        method: "POST",
        path: buildPath(ApiPath.chatMembers, { chatId: a === "blocked" ? w.blockedGroupId : w.groupId }),
        body: { userIds: [w.owner.id] },
      }),
      outcome: { stranger: notMember, removed: notMember, blocked: { refused: ["CANNOT_ADD_MEMBER"] } },
    },
    {
      call: (a) => ({
        method: "POST",
        path: buildPath(ApiPath.chatMembers, { chatId: chatFor(a) }),
        body: { userIds: [w.actors[a].id] },
      }),
      outcome: { stranger: notMember, removed: notMember, blocked: { refused: ["NOT_A_GROUP"] } },
    },
  ],
  chatMember: [
    {
      call: () => ({ method: "DELETE", path: buildPath(ApiPath.chatMember, { ...grp(), userId: w.member.id }) }),
      outcome: { stranger: notMember, removed: notMember, blocked: notMember },
    },
  ],
  chatMemberRole: [
    {
      call: (a) => ({
        method: "PUT",
        path: buildPath(ApiPath.chatMemberRole, { ...grp(), userId: w.actors[a].id }),
        body: { role: "admin" },
      }),
      outcome: { stranger: notMember, removed: notMember, blocked: notMember },
    },
  ],
  chatLeave: [
    {
      call: () => ({ method: "POST", path: buildPath(ApiPath.chatLeave, grp()) }),
      outcome: { stranger: notMember, removed: notMember, blocked: notMember },
    },
  ],
  chatSettings: [
    {
      call: () => ({
        method: "PATCH",
        path: buildPath(ApiPath.chatSettings, grp()),
        body: { onlyAdminsCanPost: true },
      }),
      outcome: { stranger: notMember, removed: notMember, blocked: notMember },
    },
  ],
  myChatSettings: [
    {
      call: (a) => ({
        method: "PATCH",
        path: buildPath(ApiPath.myChatSettings, { chatId: chatFor(a) }),
        body: { pinned: true },
      }),
      outcome: { stranger: notMember, removed: notMember, blocked: ownChat("their own view of their own chat") },
    },
  ],
  chatMessages: [
    {
      call: (a) => ({ method: "GET", path: buildPath(ApiPath.chatMessages, { chatId: chatFor(a) }) }),
      outcome: {
        stranger: notMember,
        removed: formerReadOnly((d) => {
          const page = d as { messages: { seq: number }[]; lastSeq: number };
          expect(Math.max(...page.messages.map((m) => m.seq))).toBe(w.removedAtSeq);
          expect(page.lastSeq).toBe(w.removedAtSeq);
          noSecret(d);
        }),
        blocked: ownChat("history of their own chat"),
      },
    },
  ],
  messageEdits: [
    {
      call: (a) => ({
        method: "GET",
        path: buildPath(ApiPath.messageEdits, {
          chatId: chatFor(a),
          messageId: a === "blocked" ? w.ownerDirectMessageId : w.afterRemoval.id,
        }),
      }),
      outcome: { stranger: notMember, removed: notMember, blocked: ownChat("their own chat") },
    },
  ],
  messageStar: [
    {
      call: (a) => ({
        method: "PUT",
        path: buildPath(ApiPath.messageStar, {
          chatId: chatFor(a),
          messageId: a === "blocked" ? w.ownerDirectMessageId : w.afterRemoval.id,
        }),
      }),
      outcome: {
        stranger: notMember,
        removed: { refused: ["MESSAGE_NOT_FOUND"] },
        blocked: ownChat("a star in their own list, of a message of their own chat"),
      },
    },
  ],
  myStarred: [
    {
      call: () => ({ method: "GET", path: ApiPath.myStarred }),
      outcome: { stranger: ownChat("caller only"), removed: ownChat("caller only"), blocked: ownChat("caller only") },
    },
  ],
  messageInfo: [
    {
      call: (a) => ({
        method: "GET",
        path: buildPath(ApiPath.messageInfo, {
          chatId: chatFor(a),
          messageId: a === "blocked" ? w.ownerDirectMessageId : w.afterRemoval.id,
        }),
      }),
      outcome: { stranger: notMember, removed: notMember, blocked: { refused: ["NOT_YOUR_MESSAGE"] } },
    },
  ],
  search: [
    {
      call: () => ({ method: "GET", path: `${ApiPath.search}?q=${SECRET}` }),
      outcome: {
        stranger: { check: (d) => expect(d).toEqual({ results: [], nextCursor: null, groups: [] }) },
        removed: { check: (d) => expect(d).toEqual({ results: [], nextCursor: null, groups: [] }) },
        blocked: { check: (d) => expect(d).toEqual({ results: [], nextCursor: null, groups: [] }) },
      },
    },
    {
      call: () => ({ method: "GET", path: `${ApiPath.search}?q=${SECRET}&chatId=${w.groupId}` }),
      outcome: {
        stranger: { check: (d) => expect(d).toEqual({ results: [], nextCursor: null, total: 0, groups: [] }) },
        removed: { check: (d) => expect(d).toEqual({ results: [], nextCursor: null, total: 0, groups: [] }) },
        blocked: { check: (d) => expect(d).toEqual({ results: [], nextCursor: null, total: 0, groups: [] }) },
      },
    },
  ],
  sync: [
    {
      call: () => ({ method: "POST", path: ApiPath.sync, body: { chats: [{ chatId: w.groupId, since: 0 }] } }),
      outcome: {
        stranger: {
          check: (d) => expect(d).toEqual({ chats: [expect.objectContaining({ removed: true, changes: [] })] }),
        },
        removed: formerReadOnly((d) => {
          const changes = (d as { chats: { changes: { seq: number }[] }[] }).chats[0]?.changes ?? [];
          expect(Math.max(...changes.map((m) => m.seq))).toBe(w.removedAtSeq);
          noSecret(d);
        }),
        blocked: {
          check: (d) => expect(d).toEqual({ chats: [expect.objectContaining({ removed: true, changes: [] })] }),
        },
      },
    },
  ],
  pushVapidPublicKey: [
    {
      call: () => ({ method: "GET", path: ApiPath.pushVapidPublicKey }),
      outcome: { stranger: ownChat("public key"), removed: ownChat("public key"), blocked: ownChat("public key") },
    },
  ],
  // POST is left out on purpose: an endpoint URL is an unguessable capability that only the
  // browser and its push service know, and re-subscribing one moves it to the caller by design
  // (a shared browser changing hands; see ../push.test.ts and docs/security.md).
  pushSubscriptions: [
    {
      // Unsubscribing someone else's endpoint: only the caller's own rows can match.
      call: () => ({ method: "DELETE", path: ApiPath.pushSubscriptions, body: { endpoint: w.ownerEndpoint } }),
      outcome: {
        stranger: { check: (d) => expect(d).toEqual({ removed: false }) },
        removed: { check: (d) => expect(d).toEqual({ removed: false }) },
        blocked: { check: (d) => expect(d).toEqual({ removed: false }) },
      },
    },
  ],
};

function expectPublicUsers(data: unknown) {
  for (const user of data as Record<string, unknown>[]) {
    expect(Object.keys(user)).not.toEqual(expect.arrayContaining(["passwordHash"]));
    const text = JSON.stringify(user);
    expect(text).not.toMatch(/argon2|password|privacy|readReceipts/i);
  }
}

describe("every REST route, by each attacker", () => {
  it("the case table covers the protocol's every path", () => {
    expect(Object.keys(routeCases).sort()).toEqual(Object.keys(ApiPath).sort());
  });

  for (const actor of ACTORS) {
    it(`${actor}: foreign chats refused with a typed error, reads limited to what is theirs, nothing changed`, async () => {
      const token = w.actors[actor].session.accessToken;
      const ownerBefore = await snapshot(w.actors[actor].id);
      const ownerPushBefore = await query(
        server,
        `SELECT user_id, endpoint, p256dh FROM push_subscriptions WHERE user_id = '${w.owner.id}'`,
      );
      for (const [name, cases] of Object.entries(routeCases)) {
        for (const routeCase of cases) {
          if ("public" in routeCase) continue;
          const call = routeCase.call(actor);
          const expected = routeCase.outcome[actor];
          const res = await rawFetch(server, call.method, call.path, {
            token,
            body: call.body === undefined ? undefined : JSON.stringify(call.body),
          });
          const context = `${actor} ${call.method} ${call.path} (${name})`;
          expect(res.status, `${context}: ${JSON.stringify(res.json)}`).toBeLessThan(500);
          if ("refused" in expected) {
            expect(res.json?.success, context).toBe(false);
            expect(expected.refused, `${context}: ${JSON.stringify(res.json)}`).toContain(res.json?.error?.code);
            expect(Object.keys(res.json ?? {}).sort(), context).toEqual(["error", "success"]);
          } else {
            expect(res.json?.success, `${context}: ${JSON.stringify(res.json)}`).toBe(true);
            if ("check" in expected) expected.check(res.json?.data);
            else noSecret(res.json?.data);
          }
        }
      }
      // The owner's group, messages and push subscription are as they were (the attacker's own
      // rows — their groups, blocks, settings — may have changed).
      const after = await snapshot(w.actors[actor].id);
      const theirs = (rows: unknown[]) =>
        rows.filter((r) => JSON.stringify(r).includes(w.groupId) || JSON.stringify(r).includes(w.directId));
      expect(theirs(after.messages)).toEqual(theirs(ownerBefore.messages));
      expect(theirs(after.members)).toEqual(theirs(ownerBefore.members));
      expect(theirs(after.former)).toEqual(theirs(ownerBefore.former));
      expect(theirs(after.chats)).toEqual(theirs(ownerBefore.chats));
      expect(
        await query(server, `SELECT user_id, endpoint, p256dh FROM push_subscriptions WHERE user_id = '${w.owner.id}'`),
      ).toEqual(ownerPushBefore);
      expect((await w.owner.api.myBlocks()).map((u) => u.id)).toEqual([w.actors.blocked.id]);
      await expectAlive(server);
    });
  }
});
