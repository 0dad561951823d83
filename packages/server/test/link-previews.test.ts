import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Message } from "@teamchat/protocol";
import { request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { rowsOf } from "../src/db/database.js";
import { png, SVG } from "./fixtures/files.js";
import { collect, newClientId, nextEvent, sleep, type TestUser, useTestServer } from "./harness.js";

/**
 * The pages a preview may read live on 127.0.0.1, which the address policy refuses: only the name
 * `preview.test` (answered by the test DNS) is let through to it (LINK_PREVIEW_PRIVATE_HOSTS).
 * Every other way to reach the same server (its IP in any spelling, localhost, another name that
 * resolves to loopback, a redirect to those) must be refused before a byte is sent to it.
 */
const hits: { host: string; path: string }[] = [];
const image = await png(120, 80);
const pages = http.createServer((req, res) => {
  const path = req.url ?? "/";
  hits.push({ host: req.headers.host ?? "", path });
  const redirect = (to: string) => res.writeHead(302, { location: to }).end();
  const self = `:${port()}`;
  if (path === "/page" || path === "/page2") {
    // The header a browser would send: a preview must never carry one.
    res.setHeader("x-saw-cookie", String(Boolean(req.headers.cookie || req.headers.authorization)));
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
      `<html><head><title>Fallback</title>
        <meta property="og:title" content="Release notes &amp; more">
        <meta property="og:description" content="What changed this week">
        <meta property="og:site_name" content="Preview Test">
        <meta property="og:image" content="/cover.png"></head><body>hi</body></html>`,
    );
  } else if (path === "/svg-image") {
    res
      .writeHead(200, { "content-type": "text/html" })
      .end(`<title>With SVG</title><meta property="og:image" content="/cover.svg">`);
  } else if (path === "/cover.png") res.writeHead(200, { "content-type": "image/png" }).end(image);
  else if (path === "/cover.svg") res.writeHead(200, { "content-type": "image/png" }).end(SVG);
  else if (path === "/to-loopback") redirect(`http://127.0.0.1${self}/page`);
  else if (path === "/to-decimal") redirect(`http://2130706433${self}/page`);
  else if (path === "/to-mapped") redirect(`http://[::ffff:7f00:1]${self}/page`);
  else if (path === "/to-localhost") redirect(`http://localhost${self}/page`);
  else if (path === "/to-metadata") redirect("http://169.254.169.254/latest/meta-data/");
  else if (path.startsWith("/hop/")) {
    const left = Number(path.slice(5));
    redirect(left > 0 ? `/hop/${left - 1}` : "/page2");
  } else if (path === "/slow") {
    setTimeout(() => res.writeHead(200, { "content-type": "text/html" }).end("<title>Slow</title>"), 6_000);
  } else if (path === "/slow-body") {
    res.writeHead(200, { "content-type": "text/html" });
    res.write("<title>Slow body</title>");
    setTimeout(() => res.end("<meta name=description content=late>"), 6_000);
  } else if (path === "/huge") {
    // No content-length: the cap must hold while streaming.
    res.writeHead(200, { "content-type": "text/html" });
    res.write("<title>Huge</title>");
    res.end(Buffer.alloc(1_200_000, 0x20));
  } else if (path === "/huge-declared") {
    res.writeHead(200, { "content-type": "text/html", "content-length": String(5_000_000) });
    res.end();
  } else if (path === "/json") res.writeHead(200, { "content-type": "application/json" }).end('{"title":"x"}');
  else res.writeHead(404).end();
});
await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
function port() {
  return (pages.address() as AddressInfo).port;
}
afterAll(() => {
  pages.closeAllConnections();
  pages.close();
});

const server = useTestServer({
  LINK_PREVIEW_PRIVATE_HOSTS: "preview.test",
  LINK_PREVIEW_TEST_DNS: "preview.test=127.0.0.1,evil.test=127.0.0.1",
  LINK_PREVIEW_PORTS: `80,443,${port()}`,
  RATE_LIMIT_LINK_PREVIEWS_PER_MINUTE: "5",
});
const site = (path: string) => `http://preview.test:${port()}${path}`;

async function pair() {
  const [alice, bob] = await Promise.all([server.user("alice"), server.user("bob")]);
  if (!alice || !bob) throw new Error("users");
  const { chat } = await alice.api.createDirectChat(bob.id);
  const [aliceSocket, bobSocket] = await Promise.all([alice.connect(), bob.connect()]);
  return { alice, bob, chat, aliceSocket, bobSocket };
}

/** Sends and waits until the server has finished its preview work for the message. */
async function sendAndSettle(u: TestUser, chatId: string, body: string, extra: { linkPreview?: boolean } = {}) {
  const socket = await u.connect();
  const ack = await request(socket, "message:send", { chatId, clientId: newClientId(), body, ...extra });
  await server.built.ctx.inflight.drain(15_000);
  return ack.message;
}

async function synced(u: TestUser, chatId: string, messageId: string): Promise<Message | undefined> {
  const [page] = (await u.api.sync({ chats: [{ chatId, since: 0 }] })).chats;
  return page?.changes.find((m) => m.id === messageId);
}

function requestsNotTo(host: string) {
  return hits.filter((h) => h.host !== host);
}

describe("link previews", () => {
  it("attaches the preview as a message change: live to the other member, in sync, image served by us", async () => {
    const { alice, bob, chat, bobSocket } = await pair();
    const updated = nextEvent(bobSocket, "message:updated");
    const sent = await sendAndSettle(alice, chat.id, `have a look: ${site("/page")}.`);
    expect(sent.linkPreview).toBeUndefined();
    const live = await updated;
    expect(live.id).toBe(sent.id);
    expect(live.changeSeq).toBeGreaterThan(sent.changeSeq);
    expect(live.linkPreview).toMatchObject({
      url: site("/page"),
      title: "Release notes & more",
      description: "What changed this week",
      siteName: "Preview Test",
      image: { width: 120, height: 80 },
    });
    expect(await synced(bob, chat.id, sent.id)).toEqual(live);

    const fileId = live.linkPreview?.image?.fileId ?? "";
    const blob = await bob.api.fileBlob(fileId);
    expect(blob.type).toBe("image/png");
    const anonymous = await fetch(`${server.baseUrl}/api/files/${fileId}`);
    expect(anonymous.status).toBe(401);
    // Fetched once per URL: a second message with the same link is served from the cache.
    const before = hits.filter((h) => h.path === "/page").length;
    const again = nextEvent(bobSocket, "message:updated");
    await sendAndSettle(alice, chat.id, site("/page"));
    expect((await again).linkPreview?.title).toBe("Release notes & more");
    expect(hits.filter((h) => h.path === "/page").length).toBe(before);
  });

  it("the composer's preview matches, and a sender who removed it sends without one", async () => {
    const { alice, bob, chat } = await pair();
    const { preview } = await alice.api.linkPreview(site("/page"));
    expect(preview?.title).toBe("Release notes & more");
    const sent = await sendAndSettle(alice, chat.id, site("/page"), { linkPreview: false });
    expect((await synced(bob, chat.id, sent.id))?.linkPreview).toBeUndefined();
  });

  it("deleting the message for everyone erases its preview too", async () => {
    const { alice, bob, chat, aliceSocket } = await pair();
    const sent = await sendAndSettle(alice, chat.id, site("/page"));
    expect((await synced(bob, chat.id, sent.id))?.linkPreview?.title).toBe("Release notes & more");
    await request(aliceSocket, "message:delete", { chatId: chat.id, messageId: sent.id });
    expect((await synced(bob, chat.id, sent.id))?.linkPreview).toBeUndefined();
    const rows = await server.database.db.execute(
      sql`SELECT link_preview, link_preview_file_id FROM messages WHERE id = ${sent.id}`,
    );
    expect(rowsOf(rows)).toEqual([{ link_preview: null, link_preview_file_id: null }]);
  });

  it("an edit keeps the preview of an unchanged link, replaces it for a new link, drops it with the link", async () => {
    const { alice, bob, chat, aliceSocket } = await pair();
    const sent = await sendAndSettle(alice, chat.id, `see ${site("/page")}`);
    const edit = async (body: string) => {
      await request(aliceSocket, "message:edit", { chatId: chat.id, messageId: sent.id, body });
      await server.built.ctx.inflight.drain(15_000);
      return synced(bob, chat.id, sent.id);
    };
    expect((await edit(`see ${site("/page")} again`))?.linkPreview?.url).toBe(site("/page"));
    const moved = await edit(`now ${site("/svg-image")}`);
    expect(moved?.linkPreview).toMatchObject({ url: site("/svg-image"), title: "With SVG" });
    expect((await edit("no link any more"))?.linkPreview).toBeUndefined();
    const rows = await server.database.db.execute(sql`SELECT link_preview FROM messages WHERE id = ${sent.id}`);
    expect(rowsOf(rows)).toEqual([{ link_preview: null }]);
  });

  it("a caption of attached files gets no preview", async () => {
    const { alice, bob, chat } = await pair();
    const file = await alice.api.uploadFile(new Blob([new Uint8Array(image)], { type: "image/png" }), "a.png");
    const socket = await alice.connect();
    const { message } = await request(socket, "message:send", {
      chatId: chat.id,
      clientId: newClientId(),
      body: site("/page"),
      attachmentIds: [file.id],
    });
    await server.built.ctx.inflight.drain(15_000);
    expect((await synced(bob, chat.id, message.id))?.linkPreview).toBeUndefined();
  });

  it("follows up to 3 redirects, not 4", async () => {
    const { alice } = await pair();
    expect((await alice.api.linkPreview(site("/hop/2"))).preview?.url).toBe(site("/hop/2"));
    const before = hits.length;
    expect((await alice.api.linkPreview(site("/hop/3"))).preview).toBeNull();
    expect(hits.slice(before).map((h) => h.path)).toEqual(["/hop/3", "/hop/2", "/hop/1", "/hop/0"]);
  });

  it("an image that is not one (SVG bytes) leaves the preview without a picture", async () => {
    const { alice } = await pair();
    const { preview } = await alice.api.linkPreview(site("/svg-image"));
    expect(preview).toMatchObject({ title: "With SVG", image: null });
  });

  const refused: [string, string][] = [
    ["redirect to 127.0.0.1", site("/to-loopback")],
    ["redirect to decimal 2130706433", site("/to-decimal")],
    ["redirect to [::ffff:7f00:1]", site("/to-mapped")],
    ["redirect to localhost", site("/to-localhost")],
    ["redirect to the cloud metadata address", site("/to-metadata")],
    ["slow headers (> 5 s)", site("/slow")],
    ["slow body (> 5 s)", site("/slow-body")],
    ["huge body (> 1 MB, streamed)", site("/huge")],
    ["huge declared length", site("/huge-declared")],
    ["not HTML", site("/json")],
    ["more than 3 redirects", site("/hop/5")],
  ];
  const direct: [string, string][] = [
    ["127.0.0.1", `http://127.0.0.1:${port()}/page`],
    ["decimal", `http://2130706433:${port()}/page`],
    ["octal", `http://0177.0.0.1:${port()}/page`],
    ["hex", `http://0x7f000001:${port()}/page`],
    ["[::ffff:127.0.0.1]", `http://[::ffff:127.0.0.1]:${port()}/page`],
    ["[::ffff:7f00:1]", `http://[::ffff:7f00:1]:${port()}/page`],
    ["[::1]", `http://[::1]:${port()}/page`],
    ["localhost", `http://localhost:${port()}/page`],
    ["a DNS name resolving to loopback", `http://evil.test:${port()}/page`],
    ["a port not allowed", `http://preview.test:${port() + 1}/page`],
    ["credentials in the URL", `http://user:pw@preview.test:${port()}/page`],
  ];

  it.each([...refused, ...direct])(
    "refused: %s — nothing fetched, the message sends without a preview",
    async (_name, url) => {
      const { alice, bob, chat, bobSocket } = await pair();
      const updates = collect(bobSocket, "message:updated");
      hits.length = 0;
      expect((await alice.api.linkPreview(url)).preview).toBeNull();
      const sent = await sendAndSettle(alice, chat.id, `see ${url}`);
      expect(sent.body).toBe(`see ${url}`);
      await sleep(100);
      expect(updates).toEqual([]);
      expect((await synced(bob, chat.id, sent.id))?.linkPreview).toBeUndefined();
      // Only the allowed name ever reached the page server; the forbidden target got nothing.
      expect(requestsNotTo(`preview.test:${port()}`)).toEqual([]);
      expect(hits.some((h) => h.path === "/page")).toBe(false);
    },
    20_000,
  );

  it("the composer's route has a budget per person, not per address", async () => {
    const { alice, bob } = await pair();
    for (let i = 0; i < 5; i++) expect((await alice.api.linkPreview(site("/page"))).preview).not.toBeNull();
    await expect(alice.api.linkPreview(site("/page"))).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // A colleague on the same address still gets theirs.
    expect((await bob.api.linkPreview(site("/page"))).preview).not.toBeNull();
  });

  it("previews switched off: nothing is fetched", async () => {
    const { alice } = await pair();
    server.built.ctx.config.linkPreviews.enabled = false;
    try {
      hits.length = 0;
      expect((await alice.api.linkPreview(site("/page2?off"))).preview).toBeNull();
      expect(hits).toEqual([]);
    } finally {
      server.built.ctx.config.linkPreviews.enabled = true;
    }
  });
});
