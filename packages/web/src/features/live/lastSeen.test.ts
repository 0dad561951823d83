import { describe, expect, it } from "vitest";
import { lastSeenLabel } from "./lastSeen.js";

describe("lastSeenLabel", () => {
  const at = Date.parse("2026-01-01T10:00:00Z");
  it("says 'just now' under a minute, then whole minutes and hours, as time passes", () => {
    expect(lastSeenLabel(new Date(at).toISOString(), at + 20_000)).toBe("last seen just now");
    expect(lastSeenLabel(new Date(at).toISOString(), at + 5 * 60_000 + 30_000)).toBe("last seen 5 minutes ago");
    expect(lastSeenLabel(new Date(at).toISOString(), at + 2 * 3_600_000 + 59 * 60_000)).toBe("last seen 2 hours ago");
  });
});
