import type { TextRange } from "@teamchat/protocol";

export type Segment = { text: string; mark: boolean };

/**
 * Splits a snippet into plain and marked parts by the server's ranges. Ranges are clipped to the
 * text and taken in order; overlapping or malformed ones are skipped, so any input renders.
 */
export function highlightSegments(text: string, ranges: readonly TextRange[] = []): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    const start = Math.max(r.start, at);
    const end = Math.min(r.end, text.length);
    if (end <= start) continue;
    if (start > at) segments.push({ text: text.slice(at, start), mark: false });
    segments.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), mark: false });
  return segments;
}
