import { describe, expect, it } from "vitest";
import { AppError, isTransientDbError, isUniqueViolation, toAppError } from "./errors.js";

describe("toAppError", () => {
  it("keeps AppErrors, maps connection failures to retryable UNAVAILABLE, hides everything else", () => {
    const known = new AppError("NOT_A_MEMBER");
    expect(toAppError(known)).toBe(known);
    expect(toAppError(Object.assign(new Error("x"), { code: "ECONNREFUSED" })).code).toBe("UNAVAILABLE");
    expect(toAppError(Object.assign(new Error("x"), { code: "57P01" })).code).toBe("UNAVAILABLE");
    const hidden = toAppError(new Error("password=hunter2 in a stack"));
    expect(hidden.code).toBe("INTERNAL");
    expect(hidden.message).not.toContain("hunter2");
  });

  it("recognises unique violations, including wrapped ones, by constraint", () => {
    const pgError = { code: "23505", constraint: "messages_sender_client_key" };
    expect(isUniqueViolation(pgError, "messages_sender_client_key")).toBe(true);
    expect(isUniqueViolation({ cause: pgError }, "messages_sender_client_key")).toBe(true);
    expect(isUniqueViolation(pgError, "other")).toBe(false);
    expect(isTransientDbError(null)).toBe(false);
  });
});
