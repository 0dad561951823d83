/** A candidate link: scheme, then anything up to whitespace or characters that never end a bare URL. */
const CANDIDATE = /https?:\/\/[^\s<>"'`]+/i;
const TRAILING = /[.,;:!?*_~'")\]}>]+$/;

/**
 * The first http(s) link of a message body, or null. Punctuation that ends the sentence (or a
 * markdown link's closing parenthesis) is not part of it, unless the URL opened a parenthesis
 * itself (Wikipedia's `Foo_(bar)`). Shared by the server (which link gets a preview) and the
 * composer (which preview it shows), so both pick the same one.
 */
export function firstLink(body: string): string | null {
  const match = CANDIDATE.exec(body);
  if (!match) return null;
  let link = match[0].replace(TRAILING, "");
  const opened = (link.match(/\(/g) ?? []).length;
  const closed = (link.match(/\)/g) ?? []).length;
  const rest = match[0].slice(link.length);
  if (opened > closed && rest.startsWith(")")) link += ")";
  try {
    const url = new URL(link);
    return url.hostname ? link : null;
  } catch {
    return null;
  }
}
