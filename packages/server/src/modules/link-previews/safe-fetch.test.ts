import { describe, expect, it } from "vitest";
import type { LinkPreviewConfig } from "./preview-config.js";
import { checkUrl, FetchRefused, pinAddress, type Resolver, safeFetch } from "./safe-fetch.js";

const config = (over: Partial<LinkPreviewConfig> = {}): LinkPreviewConfig => ({
  enabled: true,
  allowHosts: [],
  denyHosts: [],
  ports: [80, 443],
  privateHosts: [],
  cacheTtlMs: 1000,
  perUserPerMinute: 60,
  testDns: new Map(),
  ...over,
});
const answering =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }) as const);
const neverAsked: Resolver = async () => {
  throw new Error("the resolver must not be asked");
};

describe("fetch rules before any connection", () => {
  it.each([
    ["ftp://example.com/", "not http(s)"],
    ["file:///etc/passwd", "not http(s)"],
    ["http://user:pw@example.com/", "credentials in the URL"],
    ["http://example.com:8080/", "port not allowed"],
    ["https://example.com:22/", "port not allowed"],
  ])("%s: %s", (url, reason) => {
    expect(() => checkUrl(new URL(url), config())).toThrow(reason);
  });

  it("deny list, allow list and wildcards", () => {
    const c = config({ denyHosts: ["bad.example"], allowHosts: ["*.good.example", "good.example"] });
    expect(() => checkUrl(new URL("https://bad.example/"), c)).toThrow("host denied");
    expect(() => checkUrl(new URL("https://other.example/"), c)).toThrow("host not allowed");
    expect(() => checkUrl(new URL("https://evilgood.example/"), c)).toThrow("host not allowed");
    expect(() => checkUrl(new URL("https://a.good.example/"), c)).not.toThrow();
    expect(() => checkUrl(new URL("https://good.example./"), c)).not.toThrow();
  });
});

describe("the pinned address", () => {
  it("an IP literal is checked as written, without asking DNS", async () => {
    await expect(pinAddress(new URL("http://0x7f000001/"), config(), neverAsked)).rejects.toThrow(FetchRefused);
    await expect(pinAddress(new URL("http://[::ffff:7f00:1]/"), config(), neverAsked)).rejects.toThrow(FetchRefused);
    await expect(pinAddress(new URL("http://93.184.216.34/"), config(), neverAsked)).resolves.toEqual({
      address: "93.184.216.34",
      family: 4,
    });
  });

  it("a name is refused if ANY of its addresses is not public (no racing a private one)", async () => {
    const url = new URL("https://example.com/");
    await expect(pinAddress(url, config(), answering("93.184.216.34", "10.0.0.5"))).rejects.toThrow(
      "address not allowed",
    );
    await expect(pinAddress(url, config(), answering("::ffff:169.254.169.254"))).rejects.toThrow("address not allowed");
    await expect(pinAddress(url, config(), answering())).rejects.toThrow("no address");
    await expect(pinAddress(url, config(), answering("2606:4700::1", "93.184.216.34"))).resolves.toEqual({
      address: "2606:4700::1",
      family: 6,
    });
  });

  it("only an exact private host is exempt", async () => {
    const c = config({ privateHosts: ["wiki.intranet"] });
    await expect(pinAddress(new URL("http://wiki.intranet/"), c, answering("10.1.2.3"))).resolves.toMatchObject({
      address: "10.1.2.3",
    });
    await expect(pinAddress(new URL("http://x.wiki.intranet/"), c, answering("10.1.2.3"))).rejects.toThrow();
  });

  it("safeFetch refuses before connecting when the address is forbidden", async () => {
    await expect(safeFetch("http://metadata.example/", "html", config(), answering("169.254.169.254"))).rejects.toThrow(
      "address not allowed",
    );
  });
});
