import { z } from "zod";

export type LinkPreviewConfig = {
  enabled: boolean;
  /** Host patterns (`example.com`, `*.example.com`); empty = any public host. */
  allowHosts: string[];
  /** Host patterns never fetched (checked before the allowlist, on every redirect too). */
  denyHosts: string[];
  ports: number[];
  /**
   * Hosts, as the URL parser normalizes them (`wiki.intranet`, `127.0.0.1`), that may resolve to
   * addresses the policy otherwise refuses (an intranet wiki; the tests' local page server).
   */
  privateHosts: string[];
  cacheTtlMs: number;
  /** `POST /api/link-previews` (the composer's card) per signed-in user per minute. */
  perUserPerMinute: number;
  /** TEST ONLY: fixed answers for these names instead of DNS. */
  testDns: ReadonlyMap<string, string>;
};

const list = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
/** A host name or pattern: letters, digits, dots, dashes, an optional leading `*.`; or an IP literal. */
const hostPattern = z.string().regex(/^(\*\.)?[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/, "a host name, *.domain or IP literal");

export const linkPreviewEnv = {
  /** Turns link previews off (nothing is ever fetched). */
  LINK_PREVIEWS: z
    .enum(["on", "off", "true", "false", "1", "0"])
    .default("on")
    .transform((v) => v === "on" || v === "true" || v === "1"),
  LINK_PREVIEW_ALLOW_HOSTS: list.pipe(z.array(hostPattern)),
  LINK_PREVIEW_DENY_HOSTS: list.pipe(z.array(hostPattern)),
  LINK_PREVIEW_PORTS: z
    .string()
    .default("80,443")
    .transform((s) => s.split(",").map((p) => Number(p.trim())))
    .pipe(z.array(z.number().int().min(1).max(65535)).min(1)),
  LINK_PREVIEW_PRIVATE_HOSTS: list.pipe(z.array(hostPattern.refine((h) => !h.startsWith("*."), "no wildcards"))),
  LINK_PREVIEW_CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(86_400),
  RATE_LIMIT_LINK_PREVIEWS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** TEST ONLY (refused in production): `name=ipv4,name2=ipv4` answered instead of DNS. */
  LINK_PREVIEW_TEST_DNS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((pair) => pair.trim())
        .filter(Boolean)
        .map((pair) => pair.split("=").map((p) => p.trim().toLowerCase())),
    )
    .pipe(z.array(z.tuple([z.string().min(1), z.ipv4()]))),
};

type Env = { [K in keyof typeof linkPreviewEnv]: z.output<(typeof linkPreviewEnv)[K]> };

export function linkPreviewConfig(e: Env): LinkPreviewConfig {
  return {
    enabled: e.LINK_PREVIEWS,
    allowHosts: e.LINK_PREVIEW_ALLOW_HOSTS,
    denyHosts: e.LINK_PREVIEW_DENY_HOSTS,
    ports: e.LINK_PREVIEW_PORTS,
    privateHosts: e.LINK_PREVIEW_PRIVATE_HOSTS,
    cacheTtlMs: e.LINK_PREVIEW_CACHE_TTL_SECONDS * 1000,
    perUserPerMinute: e.RATE_LIMIT_LINK_PREVIEWS_PER_MINUTE,
    testDns: new Map(e.LINK_PREVIEW_TEST_DNS as [string, string][]),
  };
}

/** `*.example.com` matches its subdomains, `example.com` only itself. */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase();
  return patterns.some((p) => (p.startsWith("*.") ? h.endsWith(p.slice(1)) : h === p));
}
