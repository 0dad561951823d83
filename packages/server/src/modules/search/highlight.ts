import { plainText, type TextRange } from "@teamchat/protocol";
import { MARK_END, MARK_START } from "./search.repo.js";

/** Characters of context kept before the first match and in all. */
const BEFORE = 60;
const SNIPPET_MAX = 200;

/**
 * A snippet of context around the first match of the message's plain text (formatting
 * markers removed, so no "batch 7** spiked"), plus the ranges to mark (the web app renders them
 * as <mark> elements; no markup ever travels). `marked` is ts_headline's output: the words it
 * marked (stemmed matches like "spiking" for "spike") are searched too.
 */
export function toSnippet(body: string, marked: string, words: string[]): { snippet: string; highlights: TextRange[] } {
  const plain = plainText(body).replace(/\s+/g, " ").trim();
  const needles = [...new Set([...words, ...markedWords(marked)].map((w) => w.toLowerCase()).filter(Boolean))];
  const lower = plain.toLowerCase();
  // Lower-casing can change lengths (rare scripts): then offsets would be wrong, so no marks.
  const comparable = lower.length === plain.length;
  const first = comparable
    ? Math.min(...needles.map((n) => lower.indexOf(n)).filter((at) => at >= 0), Number.POSITIVE_INFINITY)
    : Number.POSITIVE_INFINITY;
  let start = Number.isFinite(first) ? Math.max(0, first - BEFORE) : 0;
  // Start at a word boundary, not mid-word.
  if (start > 0) {
    const space = plain.lastIndexOf(" ", start);
    start = space >= 0 && start - space < 20 ? space + 1 : start;
  }
  const end = Math.min(plain.length, start + SNIPPET_MAX);
  const prefix = start > 0 ? "…" : "";
  const snippet = `${prefix}${plain.slice(start, end)}${end < plain.length ? "…" : ""}`;
  const ranges: TextRange[] = [];
  if (comparable) {
    const window = lower.slice(start, end);
    for (const needle of needles) {
      for (
        let at = window.indexOf(needle);
        at >= 0 && ranges.length < 50;
        at = window.indexOf(needle, at + needle.length)
      ) {
        ranges.push({ start: prefix.length + at, end: prefix.length + at + needle.length });
      }
    }
  }
  return { snippet, highlights: mergeRanges(ranges) };
}

function markedWords(marked: string): string[] {
  const words: string[] = [];
  const pattern = new RegExp(`${MARK_START}([^${MARK_END}]+)${MARK_END}`, "g");
  for (const match of marked.matchAll(pattern)) {
    const word = plainText(match[1] ?? "").trim();
    if (word) words.push(word);
  }
  return words;
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
