export { firstLink } from "@teamchat/protocol";

/** The cache key: the parsed URL without its fragment (never sent to the server anyway). */
export function cacheKey(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = "";
  return copy.href;
}
