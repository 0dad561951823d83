import crypto from "node:crypto";
import { ServerEvent } from "@teamchat/protocol";
import {
  AdminClient,
  ApiClient,
  type ChatError,
  type ChatSocket,
  createSocket,
  memoryCookieJar,
  request,
} from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { connected, nextEvent, startTestServer, useTestServer } from "./harness.js";
import { HOST, HOST_SECRET, signHs256 } from "./host-tokens.js";

const ADMIN_TOKEN = "admin-service-token-for-tests-0123456789abcdef";
const server = useTestServer({
  SSO_JWT_SECRET: HOST_SECRET,
  SSO_ISSUER: HOST.issuer,
  SSO_AUDIENCE: HOST.audience,
  ADMIN_API_TOKEN: ADMIN_TOKEN,
  ADMIN_API_ACTOR_NAME: "Acme HR",
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (err: unknown) => err as ChatError,
  );

const admin = () => new AdminClient({ baseUrl: server.baseUrl, serviceToken: ADMIN_TOKEN });
const unique = (s: string) => `${s}-${crypto.randomBytes(4).toString("hex")}`;

/** An employee signed on through SSO, with REST and sockets, as the embedded app would be. */
async function employee(name: string, department?: string) {
  const sub = unique("emp");
  let token: string | null = null;
  const api = new ApiClient({ baseUrl: server.baseUrl, cookieJar: memoryCookieJar(), getAccessToken: () => token });
  const session = await api.sso(await signHs256({ sub, name, ...(department && { department }) }));
  token = session.accessToken;
  const sockets: ChatSocket[] = [];
  const connect = async () => {
    const socket = createSocket({ serverUrl: server.baseUrl, getToken: () => token, autoConnect: false });
    sockets.push(socket);
    await connected(socket);
    return socket;
  };
  return { sub, id: session.user.id, api, connect, sockets };
}

describe("admin API authentication", () => {
  it("refuses a missing or wrong service token, and answers 404 when not configured", async () => {
    const wrong = new AdminClient({ baseUrl: server.baseUrl, serviceToken: `${ADMIN_TOKEN}x` });
    expect((await failure(wrong.upsertUser({ externalId: "a", displayName: "A" }))).code).toBe("ADMIN_TOKEN_INVALID");
    const res = await fetch(`${server.baseUrl}/api/admin/users`, { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
    // A user's own access token is not a service token.
    const someone = await employee("Someone");
    const userToken = (await someone.api.refresh()).accessToken;
    const asUser = new AdminClient({ baseUrl: server.baseUrl, serviceToken: userToken });
    expect((await failure(asUser.upsertUser({ externalId: "a", displayName: "A" }))).code).toBe("ADMIN_TOKEN_INVALID");

    const off = await startTestServer();
    try {
      const client = new AdminClient({ baseUrl: off.baseUrl, serviceToken: ADMIN_TOKEN });
      const err = await failure(client.upsertUser({ externalId: "a", displayName: "A" }));
      expect([err.code, err.httpStatus]).toEqual(["ADMIN_API_NOT_CONFIGURED", 404]);
    } finally {
      await off.stop();
    }
  });

  it("validates bodies with typed errors", async () => {
    const err = await failure(admin().upsertUser({ externalId: "has space", displayName: "" }));
    expect(err.code).toBe("VALIDATION_FAILED");
    expect(err.details?.map((d) => d.path)).toEqual(expect.arrayContaining(["body.externalId", "body.displayName"]));
    expect((await failure(admin().updateUser("nobody-here", { displayName: "X" }))).code).toBe("USER_NOT_FOUND");
  });
});

describe("admin API rate limit", () => {
  it("answers RATE_LIMITED beyond RATE_LIMIT_ADMIN_PER_MINUTE", async () => {
    const limited = await startTestServer({ ADMIN_API_TOKEN: ADMIN_TOKEN, RATE_LIMIT_ADMIN_PER_MINUTE: "3" });
    try {
      const client = new AdminClient({ baseUrl: limited.baseUrl, serviceToken: ADMIN_TOKEN });
      for (let i = 0; i < 3; i++) await client.upsertUser({ externalId: "rl", displayName: `R ${i}` });
      const err = await failure(client.upsertUser({ externalId: "rl", displayName: "R" }));
      expect([err.code, err.httpStatus]).toEqual(["RATE_LIMITED", 429]);
    } finally {
      await limited.stop();
    }
  });
});

describe("admin API users", () => {
  it("creates (201) then updates (200) by external id; the user then signs on as the same account", async () => {
    const externalId = unique("hr");
    const created = await admin().upsertUser({
      externalId,
      displayName: "Lena Park",
      email: "lena@hr.example.test",
      department: "Legal",
    });
    expect(created).toMatchObject({ externalId, username: "lena", department: "Legal", disabled: false });
    const updated = await admin().upsertUser({ externalId, displayName: "Lena Park-Kim" });
    expect(updated.id).toBe(created.id);
    expect(updated.displayName).toBe("Lena Park-Kim");
    const patched = await admin().updateUser(externalId, { department: "Compliance" });
    expect(patched.department).toBe("Compliance");
    const session = await new ApiClient({ baseUrl: server.baseUrl, cookieJar: memoryCookieJar() }).sso(
      await signHs256({ sub: externalId, name: "Lena Park-Kim" }),
    );
    expect(session.user.id).toBe(created.id);
  });

  it("deprovisioning ends every session and live socket within seconds, and the user cannot come back", async () => {
    const victim = await employee("Leaving Soon");
    const [tab1, tab2] = [await victim.connect(), await victim.connect()];
    const gone = Promise.all([tab1, tab2].map((s) => new Promise<string>((resolve) => s.once("disconnect", resolve))));
    const startedAt = Date.now();
    const result = await admin().updateUser(victim.sub, { disabled: true });
    expect(result.disabled).toBe(true);
    expect(await gone).toEqual(["io server disconnect", "io server disconnect"]);
    expect(Date.now() - startedAt).toBeLessThan(5_000);

    // The still-unexpired access token, the refresh cookie, a new sign-on and a reconnect all fail.
    expect((await failure(victim.api.me())).code).toBe("ACCOUNT_DISABLED");
    expect((await failure(victim.api.refresh())).code).toBe("REFRESH_TOKEN_INVALID");
    const signOn = new ApiClient({ baseUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    expect((await failure(signOn.sso(await signHs256({ sub: victim.sub, name: "x" })))).code).toBe("ACCOUNT_DISABLED");
    const again = await connected(tab1).then(
      () => null,
      (e: Error & { data?: { code: string } }) => e.data?.code,
    );
    expect(again).toBe("ACCOUNT_DISABLED");
    for (const s of victim.sockets) s.disconnect();

    // Re-enabled by the host: signing on works again.
    await admin().updateUser(victim.sub, { disabled: false });
    expect((await signOn.sso(await signHs256({ sub: victim.sub, name: "Back" }))).user.id).toBe(victim.id);
  });
});

describe("admin API chats", () => {
  it("creates a group with members by department; members hear of it live; notices arrive as system messages", async () => {
    const dept = unique("Sales");
    const owner = await employee("Team Lead");
    const [ann, ben] = [await employee("Ann", dept), await employee("Ben", dept)];
    const outsider = await employee("Olga", "Other");
    const annSocket = await ann.connect();
    const created = nextEvent(annSocket, ServerEvent.chatCreated);
    const chat = await admin().createChat({ name: "Sales floor", ownerExternalId: owner.sub, departments: [dept] });
    expect(chat.memberCount).toBe(3);
    expect(new Set(chat.addedUserIds)).toEqual(new Set([owner.id, ann.id, ben.id]));
    expect((await created).id).toBe(chat.chatId);

    // A newcomer in the department is added by department later; people already in are skipped.
    const cleo = await employee("Cleo", dept);
    const added = await admin().addMembers(chat.chatId, { departments: [dept], memberExternalIds: [outsider.sub] });
    expect(new Set(added.addedUserIds)).toEqual(new Set([cleo.id, outsider.id]));
    expect(added.memberCount).toBe(5);

    const notice = nextEvent(
      annSocket,
      ServerEvent.messageNew,
      (m) => m.kind === "notice" && m.body.includes("approved"),
    );
    await admin().postNotice(chat.chatId, "Leave request approved");
    expect((await notice).body).toBe("Leave request approved");
    annSocket.disconnect();

    expect((await failure(admin().addMembers(crypto.randomUUID(), { departments: [dept] }))).code).toBe(
      "CHAT_NOT_FOUND",
    );
    const unknownOwner = admin().createChat({ name: "x", ownerExternalId: "no-such-person" });
    expect((await failure(unknownOwner)).code).toBe("USER_NOT_FOUND");
  });

  it("creates an announcement channel with a department: listed in the directory, only admins post", async () => {
    const dept = unique("Ops");
    const owner = await employee("Ops Lead");
    const [ann, walker] = [await employee("Ann", dept), await employee("Walker")];
    const annSocket = await ann.connect();
    const created = nextEvent(annSocket, ServerEvent.chatCreated);
    const name = unique("ops-news");
    const chat = await admin().createChat({
      kind: "channel",
      announcement: true,
      name,
      ownerExternalId: owner.sub,
      departments: [dept],
    });
    expect(chat.memberCount).toBe(2);
    const summary = await created;
    expect(summary).toMatchObject({ id: chat.chatId, type: "channel", onlyAdminsCanPost: true });
    // Anyone finds and joins it; a member who is not an admin cannot post in it.
    const listed = await walker.api.channelDirectory({ q: name });
    expect(listed.channels.map((c) => c.id)).toEqual([chat.chatId]);
    await walker.api.joinChannel(chat.chatId);
    const refused = await request(annSocket, "message:send", {
      chatId: chat.chatId,
      clientId: crypto.randomUUID(),
      body: "may I?",
    }).catch((err: { code?: string }) => err);
    expect((refused as { code?: string }).code).toBe("ONLY_ADMINS_CAN_POST");
    annSocket.disconnect();
  });
});

describe("admin API: the host app's changes are its own", () => {
  it("creates, adds and removes as the host app: notices name ADMIN_API_ACTOR_NAME, never a colleague", async () => {
    const dept = unique("HR");
    const owner = await employee("Olivia Owner");
    const ann = await employee("Ann", dept);
    const ben = await employee("Ben");
    const annSocket = await ann.connect();
    const created = nextEvent(annSocket, ServerEvent.chatCreated);
    const chat = await admin().createChat({ name: "Onboarding", ownerExternalId: owner.sub, departments: [dept] });
    // The group's first message names the app; a new group is not unread news for anyone.
    expect(await created).toMatchObject({
      id: chat.chatId,
      unreadCount: 0,
      lastMessage: { kind: "notice", senderId: null, body: "Group created by Acme HR" },
    });
    expect((await owner.api.chat(chat.chatId)).unreadCount).toBe(0);

    const added = nextEvent(annSocket, ServerEvent.messageNew, (m) => m.body.includes("added"));
    await admin().addMembers(chat.chatId, { memberExternalIds: [ben.sub] });
    expect(await added).toMatchObject({ kind: "notice", senderId: null, body: "Ben was added by Acme HR" });

    const removed = nextEvent(annSocket, ServerEvent.messageNew, (m) => m.body.includes("removed"));
    const result = await admin().removeMember(chat.chatId, ben.sub);
    expect(result.memberCount).toBe(2);
    expect(await removed).toMatchObject({ kind: "notice", body: "Ben was removed by Acme HR" });
    annSocket.disconnect();

    // History reads the same, and a member's own change is still a plain system line naming them.
    const page = await ann.api.history(chat.chatId, {});
    const lines = page.messages.filter((m) => m.senderId === null).map((m) => [m.kind, m.body]);
    expect(lines).toEqual([
      ["notice", "Group created by Acme HR"],
      ["notice", "Ben was added by Acme HR"],
      ["notice", "Ben was removed by Acme HR"],
    ]);
    expect(lines.flat().join(" ")).not.toContain("Olivia");
    await owner.api.addMembers(chat.chatId, [ben.id]);
    const after = await ann.api.history(chat.chatId, {});
    expect(after.messages.at(-1)).toMatchObject({ kind: "system", body: "Olivia Owner added Ben" });

    // The only admin cannot be removed by the host (the group would have none).
    expect((await failure(admin().removeMember(chat.chatId, owner.sub))).code).toBe("LAST_ADMIN");
    expect((await failure(admin().removeMember(chat.chatId, "no-such-person"))).code).toBe("USER_NOT_FOUND");
  });
});

describe("admin API: reading people back", () => {
  it("lists provisioned people a page at a time, by department and disabled, and reads one by external id", async () => {
    const department = unique("Dept");
    const ids = ["a", "b", "c"].map((s) => unique(`list-${s}`)).sort();
    for (const externalId of ids) await admin().upsertUser({ externalId, displayName: externalId, department });
    await admin().updateUser(ids[1] as string, { disabled: true });

    const first = await admin().listUsers({ department, limit: 2 });
    expect(first.users.map((u) => u.externalId)).toEqual(ids.slice(0, 2));
    expect(first.next).toBe(ids[1]);
    const second = await admin().listUsers({ department, limit: 2, after: first.next ?? undefined });
    expect(second.users.map((u) => u.externalId)).toEqual(ids.slice(2));
    expect(second.next).toBeNull();

    expect((await admin().listUsers({ department, disabled: true })).users.map((u) => u.externalId)).toEqual([ids[1]]);
    expect((await admin().listUsers({ department, disabled: false })).users.map((u) => u.externalId)).toEqual([
      ids[0],
      ids[2],
    ]);

    const one = await admin().getUser(ids[1] as string);
    expect(one).toMatchObject({ externalId: ids[1], department, disabled: true });
    expect((await failure(admin().getUser(unique("nobody")))).code).toBe("USER_NOT_FOUND");
    expect((await failure(admin().listUsers({ limit: 0 }))).code).toBe("VALIDATION_FAILED");
  });
});
