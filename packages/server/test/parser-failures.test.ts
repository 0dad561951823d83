import net from "node:net";
import { ErrorCatalogue } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import { useTestServer } from "./harness.js";

const server = useTestServer();

/** One raw HTTP/1.1 exchange: what the server answers, status line and parsed JSON body. */
async function rawRequest(head: string, body = ""): Promise<{ status: number; json: unknown; raw: string }> {
  const { port } = new URL(server.baseUrl);
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(port), "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", (err) => (chunks.length > 0 ? resolve(Buffer.concat(chunks).toString()) : reject(err)));
    socket.on("close", () => resolve(Buffer.concat(chunks).toString()));
    socket.write(head.replaceAll("\n", "\r\n").replace(/\r\n\r\n$/, "\r\nConnection: close\r\n\r\n"));
    // Not end(): Node's server drops a request whose client half-closes. `Connection: close`
    // makes it close after answering.
    socket.write(body);
  });
  const status = Number(raw.slice(9, 12));
  const text = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status, json, raw };
}

/** A typed 4xx in the envelope, its status the catalogue's, and not retryable. */
function expectTypedClientError(answer: { status: number; json: unknown }, code: keyof typeof ErrorCatalogue) {
  expect(answer.json, JSON.stringify(answer.json)).toMatchObject({ success: false, error: { code } });
  expect(answer.status).toBe(ErrorCatalogue[code].status);
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expect(ErrorCatalogue[code].retryable).toBe(false);
}

describe("every parser failure answers a typed 4xx in the envelope", () => {
  it("a truncated multipart upload (the body ends before the closing boundary)", async () => {
    const user = await server.user("pf-upload");
    const boundary = "----teamchatboundary";
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n` +
      "Content-Type: text/plain\r\n\r\nhello, this upload stops in the midd";
    const answer = await rawRequest(
      `POST /api/files HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer ${user.session.accessToken}\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\nContent-Length: ${Buffer.byteLength(body)}\n` +
        "\n",
      body,
    );
    expectTypedClientError(answer, "VALIDATION_FAILED");
  });

  it("a multipart upload whose part headers are garbage", async () => {
    const user = await server.user("pf-upload-junk");
    const boundary = "b0undary";
    const body = `--${boundary}\r\n\u0000\u0001 no headers here\r\n--${boundary}--\r\n`;
    const answer = await rawRequest(
      `POST /api/files HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer ${user.session.accessToken}\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\nContent-Length: ${Buffer.byteLength(body)}\n` +
        "\n",
      body,
    );
    expectTypedClientError(answer, "VALIDATION_FAILED");
  });

  it("bad JSON, truncated JSON, and a wrong charset", async () => {
    const user = await server.user("pf-json");
    for (const body of ["{not json", '{"name": "trunc', "\u00ff\u00fe{}"]) {
      const answer = await rawRequest(
        `POST /api/chats/group HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer ${user.session.accessToken}\n` +
          `Content-Type: application/json\nContent-Length: ${Buffer.byteLength(body)}\n\n`,
        body,
      );
      expectTypedClientError(answer, "VALIDATION_FAILED");
    }
  });

  it("bad URL encoding in the path and in the query", async () => {
    const user = await server.user("pf-url");
    for (const target of ["/api/chats/%E0%A4%A/messages", "/api/search?q=%E0%A4%A", "/api/users/search?q=%"]) {
      const answer = await rawRequest(
        `GET ${target} HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer ${user.session.accessToken}\n\n`,
      );
      expectTypedClientError(answer, "VALIDATION_FAILED");
    }
  });

  it("oversized headers: Node's 431 carries the JSON envelope; a malformed request line a 400", async () => {
    const big = await rawRequest(`GET /api/users/me HTTP/1.1\nHost: 127.0.0.1\nX-Big: ${"a".repeat(40_000)}\n\n`);
    expectTypedClientError(big, "HEADERS_TOO_LARGE");
    expect(big.raw).toMatch(/content-type: application\/json/i);
    const junk = await rawRequest("THIS IS NOT HTTP\n\n");
    expectTypedClientError(junk, "VALIDATION_FAILED");
    // The server goes on serving.
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it("an access token longer than the limit is TOKEN_INVALID (UNAUTHENTICATED is for no token)", async () => {
    const me = (authorization?: string) =>
      fetch(`${server.baseUrl}/api/users/me`, { headers: authorization ? { authorization } : {} });
    const long = await me(`Bearer ${"a".repeat(5000)}`);
    expect(long.status).toBe(401);
    expect(await long.json()).toMatchObject({ error: { code: "TOKEN_INVALID" } });
    expect(await (await me()).json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });
});
