import { describe, expect, it } from "vitest";
import webpush from "web-push";
import { loadConfig } from "../../config.js";

describe("VAPID configuration", () => {
  const keys = webpush.generateVAPIDKeys();

  it("takes a key pair and subject from the environment", () => {
    const config = loadConfig({
      VAPID_PUBLIC_KEY: keys.publicKey,
      VAPID_PRIVATE_KEY: keys.privateKey,
      VAPID_SUBJECT: "mailto:ops@example.com",
    });
    expect(config.vapid).toEqual({ ...keys, subject: "mailto:ops@example.com" });
  });

  it("leaves the keys to be generated when unset", () => {
    expect(loadConfig({}).vapid).toMatchObject({ publicKey: null, privateKey: null });
  });

  it("refuses half a pair, malformed keys and a subject that is not mailto: or https:", () => {
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: keys.publicKey })).toThrow(/set both or neither/);
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: "abc", VAPID_PRIVATE_KEY: keys.privateKey })).toThrow(
      /VAPID_PUBLIC_KEY/,
    );
    expect(() => loadConfig({ VAPID_SUBJECT: "http://example.com" })).toThrow(/VAPID_SUBJECT/);
  });
});
