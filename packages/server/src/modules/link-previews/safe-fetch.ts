import dns from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { ipLiteral, isPublicAddress } from "./address-policy.js";
import { hostMatches, type LinkPreviewConfig } from "./preview-config.js";

/** Why a fetch was refused or failed; previews treat every one the same (no preview). */
export class FetchRefused extends Error {
  override name = "FetchRefused";
}

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type FetchLimits = {
  connectTimeoutMs: number;
  /** For the whole fetch, redirects included. */
  totalTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
};

export const PREVIEW_FETCH_LIMITS: FetchLimits = {
  connectTimeoutMs: 2_000,
  totalTimeoutMs: 5_000,
  maxBytes: 1024 * 1024,
  maxRedirects: 3,
};

export type Fetched = { url: URL; contentType: string; body: Buffer };

/** What a caller accepts: a page, or an image (the preview's picture). */
export type Wanted = "html" | "image";
const ACCEPT: Record<Wanted, string> = {
  html: "text/html,application/xhtml+xml;q=0.9",
  image: "image/webp,image/png,image/jpeg,image/gif;q=0.9",
};
const CONTENT_TYPE: Record<Wanted, RegExp> = {
  html: /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i,
  image: /^\s*image\/(png|jpeg|jpg|gif|webp)\s*(;|$)/i,
};
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Every address of a name, as the system resolver (hosts file, DNS) answers. */
export const systemResolver: Resolver = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/**
 * GET one URL the way only a link preview may: http(s) on an allowed port, host not denied (and
 * on the allowlist when there is one), no credentials in the URL; the host is resolved ONCE, every
 * address it has must be public, and the connection goes to that pinned address (the socket's own
 * lookup returns it, so a second DNS answer cannot rebind it). Each redirect is checked the same
 * way, at most `maxRedirects`. No cookies, no auth, no keep-alive; connect and total timeouts; the
 * body is refused past `maxBytes` (declared or streamed) and unless its type is the one wanted.
 */
export async function safeFetch(
  raw: string,
  wanted: Wanted,
  config: LinkPreviewConfig,
  resolve: Resolver,
  limits: FetchLimits = PREVIEW_FETCH_LIMITS,
): Promise<Fetched> {
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(new FetchRefused("timed out")), limits.totalTimeoutMs);
  try {
    let url = parse(raw);
    for (let hop = 0; ; hop++) {
      checkUrl(url, config);
      const pinned = await raceAbort(pinAddress(url, config, resolve), abort.signal);
      const response = await request(url, pinned, wanted, abort.signal, limits.connectTimeoutMs);
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.destroy();
        if (hop >= limits.maxRedirects) throw new FetchRefused("too many redirects");
        const location = response.headers.location;
        if (!location) throw new FetchRefused("redirect without a location");
        url = parse(location, url);
        continue;
      }
      if (status !== 200) {
        response.destroy();
        throw new FetchRefused(`status ${status}`);
      }
      const contentType = response.headers["content-type"] ?? "";
      if (!CONTENT_TYPE[wanted].test(contentType)) {
        response.destroy();
        throw new FetchRefused(`not ${wanted}: ${contentType.slice(0, 60)}`);
      }
      const declared = Number(response.headers["content-length"] ?? 0);
      if (declared > limits.maxBytes) {
        response.destroy();
        throw new FetchRefused("declared too large");
      }
      const body = await readCapped(response, limits.maxBytes, abort.signal);
      return { url, contentType, body };
    }
  } catch (err) {
    // An abort surfaces as the driver's AbortError; the reason says what happened.
    if (abort.signal.aborted && !(err instanceof FetchRefused)) throw abort.signal.reason;
    throw err instanceof FetchRefused ? err : new FetchRefused((err as Error).message);
  } finally {
    clearTimeout(deadline);
    abort.abort(new FetchRefused("done"));
  }
}

function parse(raw: string, base?: URL): URL {
  try {
    return new URL(raw, base);
  } catch {
    throw new FetchRefused("not a URL");
  }
}

/** Scheme, credentials, port and the host lists; addresses are checked after resolving. */
export function checkUrl(url: URL, config: LinkPreviewConfig): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new FetchRefused("not http(s)");
  if (url.username || url.password) throw new FetchRefused("credentials in the URL");
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  if (!config.ports.includes(port)) throw new FetchRefused("port not allowed");
  const host = hostOf(url);
  if (hostMatches(host, config.denyHosts)) throw new FetchRefused("host denied");
  if (config.allowHosts.length > 0 && !hostMatches(host, config.allowHosts)) throw new FetchRefused("host not allowed");
}

/** The URL parser's host (IPv4 spellings already made dotted), without a trailing dot. */
function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/\.$/, "");
}

/**
 * The one address to connect to. Every address the name has must pass (a name answering a public
 * and a private address is refused, not raced); an IP literal is checked as written.
 */
export async function pinAddress(url: URL, config: LinkPreviewConfig, resolve: Resolver): Promise<ResolvedAddress> {
  const host = hostOf(url);
  const literal = ipLiteral(url.hostname);
  const candidates: ResolvedAddress[] = literal
    ? [{ address: literal, family: literal.includes(":") ? 6 : 4 }]
    : await resolve(host).catch(() => {
        throw new FetchRefused("name does not resolve");
      });
  const first = candidates[0];
  if (!first) throw new FetchRefused("name has no address");
  // Exact host names only: an intranet host the operator named, or the tests' page server.
  const exempt = config.privateHosts.includes(host) || config.privateHosts.includes(url.hostname);
  if (!exempt && !candidates.every((c) => isPublicAddress(c.address))) throw new FetchRefused("address not allowed");
  return first;
}

function request(
  url: URL,
  pinned: ResolvedAddress,
  wanted: Wanted,
  signal: AbortSignal,
  connectTimeoutMs: number,
): Promise<IncomingMessage> {
  // The socket asks this instead of DNS: the checked address, nothing else.
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolvePromise, reject) => {
    const req = client.request(url, {
      method: "GET",
      agent: false,
      lookup,
      signal,
      // No cookies, no Authorization: nothing of ours or the user's goes to the site.
      headers: { accept: ACCEPT[wanted], "accept-encoding": "identity", "user-agent": "TeamChatLinkPreview/1.0" },
    });
    req.on("socket", (socket) => {
      const timer = setTimeout(() => req.destroy(new FetchRefused("connect timed out")), connectTimeoutMs);
      socket.once("connect", () => clearTimeout(timer));
      socket.once("close", () => clearTimeout(timer));
    });
    req.once("response", resolvePromise);
    req.once("error", reject);
    req.end();
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.destroy();
      throw new FetchRefused("too large");
    }
    if (signal.aborted) throw signal.reason;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolvePromise, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolvePromise(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
