import type { TextRange } from "@teamchat/protocol";
import { GT, LT, MARK_END, MARK_START } from "./search.repo.js";

const SNIPPET_MAX = 300;

/**
 * Turns ts_headline's marked text into plain text plus ranges (the web app renders the ranges
 * as <mark> elements; no markup ever travels), then marks the partial words it did not.
 */
export function toSnippet(marked: string, words: string[]): { snippet: string; highlights: TextRange[] } {
  let snippet = "";
  const ranges: TextRange[] = [];
  let start = -1;
  for (const ch of marked) {
    if (ch === MARK_START) start = snippet.length;
    else if (ch === MARK_END) {
      if (start >= 0 && snippet.length > start) ranges.push({ start, end: snippet.length });
      start = -1;
    } else snippet += ch === LT ? "<" : ch === GT ? ">" : ch;
  }
  if (snippet.length > SNIPPET_MAX) snippet = `${snippet.slice(0, SNIPPET_MAX)}…`;
  const lower = snippet.toLowerCase();
  // Lower-casing can change lengths (rare scripts): then offsets would be wrong, so skip.
  if (lower.length === snippet.length) {
    for (const word of words) {
      const needle = word.toLowerCase();
      for (
        let at = lower.indexOf(needle);
        at >= 0 && ranges.length < 50;
        at = lower.indexOf(needle, at + needle.length)
      ) {
        ranges.push({ start: at, end: at + needle.length });
      }
    }
  }
  return { snippet, highlights: mergeRanges(ranges.filter((r) => r.end <= snippet.length)) };
}

function mergeRanges(ranges: TextRange[]): TextRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: TextRange[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}
