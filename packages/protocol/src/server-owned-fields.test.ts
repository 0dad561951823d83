import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as protocol from "./index.js";
import { clientEventSchemas } from "./index.js";

/**
 * Fields only the server sets. A client that sends one of them (to pose as another sender,
 * backdate, mark an edit, claim a pin or pick a seq) is refused by the schema of every socket
 * event and every REST body: they are strict objects, an unknown key is VALIDATION_FAILED.
 */
const SERVER_OWNED: Record<string, unknown> = {
  sender: "00000000-0000-4000-8000-000000000001",
  senderId: "00000000-0000-4000-8000-000000000001",
  createdAt: "2020-01-01T00:00:00.000Z",
  editedAt: "2020-01-01T00:00:00.000Z",
  deletedAt: "2020-01-01T00:00:00.000Z",
  pinnedBy: "00000000-0000-4000-8000-000000000001",
  pinnedAt: "2020-01-01T00:00:00.000Z",
  seq: 1,
  changeSeq: 1,
};

/** A plain (non-strict) object drops unknown keys: what the server gets has none of them. */
function stripsUnknownKeys(schema: z.ZodType): boolean {
  const def = (schema as unknown as { _zod: { def: { type: string; catchall?: unknown } } })._zod.def;
  return def.type === "object" && def.catchall === undefined;
}

function refusedKeys(schema: z.ZodType, field: string): boolean {
  // A union (e.g. a direct chat by userId or by externalId): every option must refuse it.
  const def = (schema as unknown as { _zod: { def: { type: string; options?: z.ZodType[] } } })._zod.def;
  if (def.type === "union" && def.options) return def.options.every((option) => refusedKeys(option, field));
  if (stripsUnknownKeys(schema)) return true;
  const result = schema.safeParse({ [field]: SERVER_OWNED[field] });
  if (result.success) return false;
  return result.error.issues.some((i) => i.code === "unrecognized_keys" && i.keys.includes(field));
}

const bodySchemas = Object.entries(protocol).filter(
  ([name, value]) =>
    /BodySchema$/.test(name) && name !== "errorBodySchema" && typeof (value as z.ZodType).safeParse === "function",
) as [string, z.ZodType][];

describe("server-owned fields are refused everywhere a client writes", () => {
  it("every socket event's payload", () => {
    const accepted: string[] = [];
    for (const [event, { payload }] of Object.entries(clientEventSchemas)) {
      for (const field of Object.keys(SERVER_OWNED)) {
        if (!refusedKeys(payload as z.ZodType, field)) accepted.push(`${event}.${field}`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it("every REST body", () => {
    expect(bodySchemas.length).toBeGreaterThan(10);
    const accepted: string[] = [];
    for (const [name, schema] of bodySchemas) {
      for (const field of Object.keys(SERVER_OWNED)) {
        if (!refusedKeys(schema, field)) accepted.push(`${name}.${field}`);
      }
    }
    expect(accepted).toEqual([]);
  });
});
