/**
 * Chat text as plain text: what every place outside the message bubble shows (chat list
 * preview, reply quote, notification, search snippet, forward preview). WhatsApp-style markers
 * (`*bold*`, `_italic_`, `~strike~`, ``` ```mono``` ```, `` `code` ``, `> quote`) and markdown
 * links/headings are removed; the words stay. Shared by the server (push text, search
 * snippets) and the clients, so every surface agrees.
 */
export function plainText(text: string): string {
  return (
    text
      // Fenced blocks: keep the code, drop the fences (and a language tag on its own line).
      .replace(/```(?:[^\n`]*\n)?([\s\S]*?)\n?```/g, "$1")
      .replace(/`([^`\n]+)`/g, "$1")
      .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, "$1")
      .replace(/\[([^\]\n]+)\]\([^)\n]*\)/g, "$1")
      .replace(/^[ \t]{0,3}>[ \t]?/gm, "")
      .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, "")
      .replace(/^([ \t]*)[-*+][ \t]+(?=\S)/gm, "$1• ")
      .replace(EMPHASIS, "$1$3")
      .replace(EMPHASIS, "$1$3")
      .replace(/\\([\\`*_~[\]()#>!-])/g, "$1")
  );
}

/**
 * A pair of the same marker (one or two of `*`, `_`, `~`) around text that neither starts nor
 * ends with a space, not inside a word: `*bold*`, `__x__`, `~~gone~~`. Run twice for nesting.
 */
const EMPHASIS = /(^|[^\p{L}\p{N}*_~])([*_~]{1,2})(?=\S)([^\n]*?[^\s\\])\2(?![\p{L}\p{N}])/gu;
