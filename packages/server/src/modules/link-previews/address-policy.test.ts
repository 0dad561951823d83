import { describe, expect, it } from "vitest";
import { ipLiteral, isPublicAddress } from "./address-policy.js";

/** Every spelling goes through the URL parser first, as the fetcher does. */
const host = (url: string) => new URL(url).hostname;

describe("address policy", () => {
  it.each([
    ["http://127.0.0.1/", "loopback"],
    ["http://2130706433/", "decimal loopback"],
    ["http://0177.0.0.1/", "octal loopback"],
    ["http://0x7f000001/", "hex loopback"],
    ["http://0x7f.0.0.1/", "hex first octet"],
    ["http://127.1/", "short form"],
    ["http://017700000001/", "octal long form"],
    ["http://[::1]/", "IPv6 loopback"],
    ["http://[::ffff:127.0.0.1]/", "IPv4-mapped dotted"],
    ["http://[::ffff:7f00:1]/", "IPv4-mapped hex"],
    ["http://[0:0:0:0:0:ffff:127.0.0.1]/", "IPv4-mapped long"],
    ["http://[::127.0.0.1]/", "IPv4-compatible dotted"],
    ["http://[::7f00:1]/", "IPv4-compatible hex"],
    ["http://[::ffff:a9fe:a9fe]/", "mapped metadata address"],
    ["http://[64:ff9b::7f00:1]/", "NAT64 of loopback"],
    ["http://[2002:7f00:1::1]/", "6to4 of loopback"],
    ["http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "Teredo"],
    ["http://10.0.0.1/", "private 10/8"],
    ["http://172.16.5.4/", "private 172.16/12"],
    ["http://192.168.1.1/", "private 192.168/16"],
    ["http://100.64.0.1/", "CGNAT 100.64/10"],
    ["http://100.127.255.254/", "CGNAT end"],
    ["http://169.254.169.254/", "link-local (cloud metadata)"],
    ["http://[fe80::1]/", "IPv6 link-local"],
    ["http://[fc00::1]/", "unique local"],
    ["http://[fd12:3456::1]/", "unique local fd"],
    ["http://224.0.0.1/", "multicast"],
    ["http://239.255.255.250/", "multicast SSDP"],
    ["http://[ff02::1]/", "IPv6 multicast"],
    ["http://0.0.0.0/", "unspecified"],
    ["http://0/", "unspecified, one number"],
    ["http://[::]/", "IPv6 unspecified"],
    ["http://255.255.255.255/", "broadcast"],
    ["http://192.0.2.1/", "documentation"],
    ["http://198.18.0.1/", "benchmarking"],
    ["http://240.0.0.1/", "reserved class E"],
    ["http://[2001:db8::1]/", "IPv6 documentation"],
    ["http://[fec0::1]/", "deprecated site-local"],
  ])("%s (%s) is refused", (url) => {
    const h = host(url);
    expect(ipLiteral(h)).not.toBeNull();
    expect(isPublicAddress(h)).toBe(false);
  });

  it("raw spellings a resolver could return are refused too", () => {
    for (const a of ["127.0.0.1", "::ffff:127.0.0.1", "::ffff:7f00:1", "fe80::1%eth0", "100.64.1.1", "not-an-ip", ""]) {
      expect(isPublicAddress(a)).toBe(false);
    }
  });

  it("public addresses pass", () => {
    for (const a of ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "[2a00:1450:4001::200e]"]) {
      expect(isPublicAddress(a)).toBe(true);
    }
  });

  it("a DNS name is not a literal", () => {
    expect(ipLiteral("example.com")).toBeNull();
    expect(ipLiteral("localhost")).toBeNull();
  });
});
