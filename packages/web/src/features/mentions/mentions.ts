/** A person who can be mentioned: a member of the chat other than me. */
export type Mentionable = { id: string; displayName: string; username: string };

export const MAX_SUGGESTIONS = 6;

/**
 * The "@query" being typed just before the caret (at the start or after a space), or null. The
 * query may not contain spaces: display names with spaces are found by their first word or
 * username, and inserted whole.
 */
export function activeMentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@]{0,32})$/u.exec(before);
  if (!match) return null;
  const query = match[2] ?? "";
  return { start: caret - query.length - 1, query };
}

/** Members whose name (any word) or username starts with the query, case-insensitively, by name. */
export function suggestMembers(members: Mentionable[], query: string): Mentionable[] {
  const q = query.toLowerCase();
  return members
    .filter(
      (m) =>
        m.username.startsWith(q) ||
        m.displayName
          .toLowerCase()
          .split(/\s+/)
          .some((word) => word.startsWith(q)),
    )
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .slice(0, MAX_SUGGESTIONS);
}

/** Replaces the "@query" at `start` with "@Display Name " and says where the caret goes. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  member: Mentionable,
): { text: string; caret: number } {
  const inserted = `@${member.displayName} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/** Of the people picked while typing, the ones whose "@Name" is still in the text (ids, once each). */
export function mentionsStillInText(text: string, picked: Mentionable[]): string[] {
  return [...new Set(picked.filter((m) => text.includes(`@${m.displayName}`)).map((m) => m.id))];
}

export type MentionSegment = { text: string; mentionId: string | null };

/**
 * Splits a plain text into runs and "@Name" mentions of the given people (longest names first,
 * so "@Ann Lee" wins over "@Ann"). Used to highlight mentions without any HTML from the text.
 */
export function splitMentions(text: string, people: { id: string; name: string }[]): MentionSegment[] {
  const sorted = [...people].filter((p) => p.name.length > 0).sort((a, b) => b.name.length - a.name.length);
  if (sorted.length === 0) return [{ text, mentionId: null }];
  const segments: MentionSegment[] = [];
  let plainStart = 0;
  let i = 0;
  while (i < text.length) {
    const found = text[i] === "@" ? sorted.find((p) => text.startsWith(`@${p.name}`, i)) : undefined;
    if (!found) {
      i++;
      continue;
    }
    if (i > plainStart) segments.push({ text: text.slice(plainStart, i), mentionId: null });
    const end = i + found.name.length + 1;
    segments.push({ text: text.slice(i, end), mentionId: found.id });
    i = end;
    plainStart = end;
  }
  if (plainStart < text.length) segments.push({ text: text.slice(plainStart), mentionId: null });
  return segments;
}
