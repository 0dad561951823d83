import { describe, expect, it } from "vitest";
import {
  ClientEvent,
  clientEventSchemas,
  ErrorCatalogue,
  historyQuerySchema,
  LIMITS,
  restEndpoints,
  restRoutes,
  ServerEvent,
  serverEventSchemas,
  uploadQuerySchema,
} from "./index.js";

describe("event names", () => {
  it("each name is declared once and has exactly one schema", () => {
    const client = Object.values(ClientEvent);
    const server = Object.values(ServerEvent);
    expect(new Set(client).size).toBe(client.length);
    expect(new Set(server).size).toBe(server.length);
    expect(Object.keys(clientEventSchemas).sort()).toEqual([...client].sort());
    expect(Object.keys(serverEventSchemas).sort()).toEqual([...server].sort());
  });

  it("keeps the seed guide's names", () => {
    expect(Object.values(ClientEvent)).toEqual(
      expect.arrayContaining(["message:send", "message:delivered", "message:read", "typing:start", "typing:stop"]),
    );
    expect(Object.values(ServerEvent)).toEqual(
      expect.arrayContaining(["message:new", "message:delivered", "message:read", "typing:start", "typing:stop"]),
    );
  });
});

describe("message:send payload", () => {
  const send = clientEventSchemas[ClientEvent.messageSend].payload;
  const base = { chatId: "7d2c1a4e-5b6f-4c3d-8e9f-0a1b2c3d4e5f", clientId: "c-12345678" };

  it("accepts a normal message and a maximal one", () => {
    expect(send.safeParse({ ...base, body: "hi" }).success).toBe(true);
    expect(send.safeParse({ ...base, body: "é".repeat(LIMITS.messageBodyMax) }).success).toBe(true);
  });

  it.each([
    ["blank body", { ...base, body: " \n\t " }],
    ["too long", { ...base, body: "x".repeat(LIMITS.messageBodyMax + 1) }],
    ["short clientId", { ...base, clientId: "abc", body: "x" }],
    ["clientId with symbols", { ...base, clientId: "abc/../../etc", body: "x" }],
    ["unknown field", { ...base, body: "x", senderId: base.chatId }],
  ])("refuses %s", (_, payload) => {
    expect(send.safeParse(payload).success).toBe(false);
  });
});

describe("history query", () => {
  it("coerces query-string numbers, defaults the limit, refuses before+after together", () => {
    expect(historyQuerySchema.parse({ before: "10" })).toEqual({ before: 10, limit: LIMITS.historyPageDefault });
    expect(historyQuerySchema.safeParse({ before: "10", after: "2" }).success).toBe(false);
    expect(historyQuerySchema.safeParse({ limit: String(LIMITS.historyPageMax + 1) }).success).toBe(false);
  });
});

describe("error catalogue", () => {
  it("maps every code to an HTTP status and only server-side or throttling errors are retryable", () => {
    for (const [code, entry] of Object.entries(ErrorCatalogue)) {
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.retryable, code).toBe(entry.status >= 500 || entry.status === 429);
    }
  });
});

describe("voice note upload query", () => {
  const query = uploadQuerySchema;
  const peaks = Array.from({ length: LIMITS.voiceWaveformPeaks }, (_, i) => i * 3);

  it("takes a duration and exactly the protocol's number of peaks, together", () => {
    const parsed = query.parse({ durationMs: "1500", waveform: peaks.join(",") });
    expect(parsed).toEqual({ durationMs: 1500, waveform: peaks });
    expect(query.parse({})).toEqual({});
    expect(query.safeParse({ durationMs: "1500" }).success).toBe(false);
    expect(query.safeParse({ waveform: peaks.join(",") }).success).toBe(false);
  });

  it("refuses other shapes and out-of-range values", () => {
    for (const waveform of [
      peaks.slice(1).join(","),
      [...peaks, 0].join(","),
      [256, ...peaks.slice(1)].join(","),
      `${peaks.join(",")},`,
      peaks.join(", "),
      JSON.stringify(peaks),
    ]) {
      expect(query.safeParse({ durationMs: "1500", waveform }).success, waveform).toBe(false);
    }
    for (const durationMs of ["0", String(LIMITS.voiceMinMs - 1), String(LIMITS.voiceMaxMs + 1), "1.5", "x"]) {
      expect(query.safeParse({ durationMs, waveform: peaks.join(",") }).success, durationMs).toBe(false);
    }
  });
});

describe("restEndpoints", () => {
  it("holds each route's method, path and auth, and nothing else (the SDK calls through it)", () => {
    const fromRoutes = Object.fromEntries(
      Object.entries(restRoutes).map(([name, r]) => [name, { method: r.method, path: r.path, auth: r.auth }]),
    );
    expect(restEndpoints).toEqual(fromRoutes);
  });
});
