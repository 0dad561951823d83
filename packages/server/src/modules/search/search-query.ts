/**
 * Parses the search box into words and filters without regular expressions over the whole
 * input (each token is scanned once, so no input can make parsing slow) and never throws:
 * anything that is not a well-formed filter is searched for as text.
 */
export type ParsedSearch = {
  /** Free text for websearch_to_tsquery (quotes, `-word` and `or` keep their meaning). */
  text: string;
  /** Plain words to find inside longer words (trigram / ILIKE). */
  words: string[];
  /** `-word`: excluded from the partial-word match too. */
  excluded: string[];
  /** Usernames (without @) or "me". */
  from: string[];
  /** Chat ids, group names or direct peers' usernames. */
  in: string[];
  hasFile: boolean;
  /** Messages created strictly before this UTC day. */
  before: Date | null;
  /** Messages created after this UTC day (the day itself excluded). */
  after: Date | null;
};

type Token = { value: string; quoted: boolean };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const FILTERS = new Set(["from", "in", "has", "before", "after"]);
const MAX_WORDS = 8;
/** Shorter words match too much to be searched inside other words. */
const MIN_PARTIAL_WORD = 3;

export function parseSearch(input: string): ParsedSearch {
  const parsed: ParsedSearch = {
    text: "",
    words: [],
    excluded: [],
    from: [],
    in: [],
    hasFile: false,
    before: null,
    after: null,
  };
  const textParts: string[] = [];
  // NUL and lone surrogates cannot reach PostgreSQL's text type.
  const clean = input.replace(LONE_SURROGATE, "").replaceAll("\u0000", "");
  for (const token of tokenize(clean)) {
    if (applyFilter(parsed, token)) continue;
    textParts.push(token.quoted ? `"${token.value}"` : token.value);
    if (token.quoted || token.value.toLowerCase() === "or") continue;
    if (token.value.startsWith("-")) {
      const word = token.value.slice(1);
      if (word.length >= MIN_PARTIAL_WORD) parsed.excluded.push(word);
    } else if (token.value.length >= MIN_PARTIAL_WORD && parsed.words.length < MAX_WORDS) {
      parsed.words.push(token.value);
    }
  }
  parsed.text = textParts.join(" ");
  return parsed;
}

/** Whitespace-separated tokens; a double quote groups spaces (also after `in:`). */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let value = "";
  let quoted = false;
  let inQuotes = false;
  const flush = () => {
    if (value.length > 0) tokens.push({ value, quoted });
    value = "";
    quoted = false;
  };
  for (const ch of input) {
    if (ch === '"') {
      inQuotes = !inQuotes;
      quoted = true;
    } else if (!inQuotes && (ch === " " || ch === "\t" || ch === "\n" || ch === "\r")) {
      flush();
    } else {
      value += ch;
    }
  }
  flush();
  return tokens;
}

function applyFilter(parsed: ParsedSearch, token: Token): boolean {
  const colon = token.value.indexOf(":");
  if (colon <= 0) return false;
  const key = token.value.slice(0, colon).toLowerCase();
  const value = token.value.slice(colon + 1);
  if (!FILTERS.has(key) || value.length === 0) return false;
  switch (key) {
    case "from":
      parsed.from.push((value.startsWith("@") ? value.slice(1) : value).toLowerCase());
      return true;
    case "in":
      parsed.in.push(value.startsWith("@") ? value.slice(1) : value);
      return true;
    case "has":
      if (value.toLowerCase() !== "file" && value.toLowerCase() !== "files") return false;
      parsed.hasFile = true;
      return true;
    default: {
      const day = parseDay(value);
      if (!day) return false;
      if (key === "before") parsed.before = day;
      else parsed.after = day;
      return true;
    }
  }
}

/** YYYY-MM-DD as a UTC midnight; null unless it is a real calendar day. */
export function parseDay(value: string): Date | null {
  if (value.length !== 10 || value[4] !== "-" || value[7] !== "-") return null;
  const [y, m, d] = [value.slice(0, 4), value.slice(5, 7), value.slice(8, 10)].map(Number);
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  const date = new Date(Date.UTC(y as number, (m as number) - 1, d as number));
  return date.getUTCMonth() === (m as number) - 1 && date.getUTCDate() === d ? date : null;
}

/** Escapes LIKE's wildcards so a word is matched literally. */
export function likePattern(word: string): string {
  let escaped = "";
  for (const ch of word) escaped += ch === "\\" || ch === "%" || ch === "_" ? `\\${ch}` : ch;
  return `%${escaped}%`;
}
