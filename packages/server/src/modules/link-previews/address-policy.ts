import ipaddr from "ipaddr.js";

/** The only IPv6 block routed on the public internet (global unicast, RFC 4291 2.4). */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");

/**
 * Whether the fetcher may connect to this address. Only public unicast passes: loopback, private
 * (RFC 1918, unique local), link-local (cloud metadata at 169.254.169.254), CGNAT 100.64/10,
 * multicast, broadcast, unspecified, reserved/documentation/benchmark ranges are refused, and so
 * is every IPv6 form that carries an IPv4 address (mapped ::ffff:0:0/96, compatible ::/96,
 * NAT64 64:ff9b::/96, 6to4, Teredo): ipaddr.js names those ranges, and IPv6 must also lie in
 * 2000::/3, which keeps out ::7f00:1 (ipaddr.js calls that one "unicast").
 * Input is an address as the resolver or the URL parser gives it; anything else is refused.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  // Zone ids (fe80::1%eth0) only exist on link-local addresses.
  if (bare.includes("%") || !ipaddr.isValid(bare)) return false;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === "ipv4") return parsed.range() === "unicast";
  const v6 = parsed as ipaddr.IPv6;
  return v6.range() === "unicast" && v6.match(GLOBAL_UNICAST_V6);
}

/** An IP literal as a URL's hostname spells it (IPv6 in brackets), or null for a DNS name. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : null;
}
