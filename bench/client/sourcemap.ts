/**
 * Just enough of the source map format (v3, VLQ `mappings`) for two questions: which source
 * each byte of a minified chunk came from (bundle size by package) and which source line a
 * profiled position is in (CPU profile by file). No dependency for ~60 lines.
 */

export type RawSourceMap = { sources: string[]; names?: string[]; mappings: string };
/** One mapping segment: generated column → source index and original line (0-based). */
type Segment = { column: number; source: number | null; line: number };

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i]));

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUE.get(char) ?? 0;
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Segments per generated line, sorted by column (the source index and line carry across lines). */
export function decodeMappings(mappings: string): Segment[][] {
  let source = 0;
  let line = 0;
  return mappings.split(";").map((lineMappings) => {
    let column = 0;
    const segments: Segment[] = [];
    for (const text of lineMappings.split(",")) {
      if (!text) continue;
      const fields = decodeVlq(text);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        source += fields[1] ?? 0;
        line += fields[2] ?? 0;
        segments.push({ column, source, line });
      } else segments.push({ column, source: null, line: 0 });
    }
    return segments;
  });
}

/** Bytes of generated code per source index: a segment covers the text up to the next one. */
export function bytesPerSource(code: string, mappings: string, sourceCount: number): number[] {
  const totals = new Array<number>(sourceCount).fill(0);
  const lines = code.split("\n");
  decodeMappings(mappings).forEach((segments, lineNumber) => {
    const lineLength = lines[lineNumber]?.length ?? 0;
    segments.forEach((s, i) => {
      const end = segments[i + 1]?.column ?? lineLength;
      if (s.source !== null && s.source < sourceCount) totals[s.source] = (totals[s.source] ?? 0) + (end - s.column);
    });
  });
  return totals;
}

/** Where a generated position (0-based line and column) came from, or null if unmapped. */
export function originalPosition(
  decoded: Segment[][],
  map: RawSourceMap,
  line: number,
  column: number,
): { source: string; line: number } | null {
  const segments = decoded[line];
  if (!segments || segments.length === 0) return null;
  let low = 0;
  let high = segments.length - 1;
  let found: Segment | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const s = segments[mid];
    if (s && s.column <= column) {
      found = s;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (!found || found.source === null) return null;
  return { source: map.sources[found.source] ?? "?", line: found.line + 1 };
}
