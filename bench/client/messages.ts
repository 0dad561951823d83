import type { Message } from "@teamchat/protocol";
import { aMessage } from "@teamchat/protocol/testing";

/**
 * Deterministic, realistic-looking chat history: the same seed gives the same bodies, senders
 * and timestamps, so the server copy and the browser's cache hold identical messages (same ids,
 * seqs and changeSeqs) and the app merges the server's pages into the cached window without a
 * visible change. Heights must vary like a real chat's, or the virtual list is measured on an
 * easy case: one-word replies, long paragraphs, multi-line notes and markdown (lists, code
 * blocks, quotes, links, emphasis).
 */

/** mulberry32: tiny, fast, good enough to pick words; Math.random cannot be seeded. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SHORT_REPLIES = [
  "ok",
  "👍",
  "thanks!",
  "sounds good",
  "on it",
  "lol",
  "yes",
  "no worries",
  "done ✅",
  "one sec",
  "can you check?",
  "merged",
  "🎉🎉",
  "brb",
  "sure, after lunch",
  "hmm, not sure",
];

const WORDS = (
  "the deploy build release staging production api client server cache index query page scroll " +
  "list message chat user team meeting review design spec ticket bug fix test flaky green red " +
  "today tomorrow later monday friday morning afternoon quick long small big new old first last " +
  "please could would should maybe probably definitely again still already just also really " +
  "customer invoice report dashboard metrics latency memory cpu disk network timeout retry error " +
  "works broke looks seems feels takes needs wants gets makes sends reads writes loads opens"
).split(" ");

const LANGUAGES = ["ts", "sql", "sh", "json"];
const CODE_LINES = [
  "const page = await api.history(chatId, { before: oldest, limit: 50 });",
  "SELECT seq, body FROM messages WHERE chat_id = $1 ORDER BY seq DESC LIMIT 50;",
  "npm run build:web && npm run serve",
  '{ "chatId": "abc", "seq": 4211, "kind": "text" }',
  "if (!state.hasOlder) return;",
  "git rebase -i origin/main",
];

export type GeneratedHistory = {
  messages: Message[];
  /** Every body's length, for the summary printed with the results. */
  stats: { multiLine: number; markdown: number; meanLength: number; maxLength: number };
};

/**
 * `count` messages for `chatId` with seqs `firstSeq…` and changeSeqs `firstChangeSeq…` (as the
 * server assigns them to newly stored messages), sent by the two members in runs of 1-6, the
 * newest a minute ago; gaps of seconds to minutes and now and then a night, so day separators
 * appear too.
 */
export function generateHistory(options: {
  chatId: string;
  senderIds: [string, string];
  count: number;
  firstSeq: number;
  firstChangeSeq: number;
  seed?: number;
}): GeneratedHistory {
  const random = seededRandom(options.seed ?? 4242);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const sentence = () => {
    const words = Array.from({ length: between(4, 16) }, () => pick(WORDS));
    const text = words.join(" ");
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${pick([".", ".", ".", "?", "!"])}`;
  };

  const bodies: string[] = [];
  const gapsMs: number[] = [];
  let multiLine = 0;
  let markdown = 0;
  for (let i = 0; i < options.count; i++) {
    const roll = random();
    let body: string;
    if (roll < 0.34) body = pick(SHORT_REPLIES);
    else if (roll < 0.68) body = Array.from({ length: between(1, 2) }, sentence).join(" ");
    else if (roll < 0.8) body = Array.from({ length: between(3, 7) }, sentence).join(" ");
    else if (roll < 0.9) {
      body = Array.from({ length: between(2, 6) }, sentence).join("\n");
      multiLine++;
    } else {
      markdown++;
      const kind = between(0, 4);
      if (kind === 0) body = `**${pick(WORDS)}** is ${pick(WORDS)}, see \`${pick(WORDS)}.ts\` and _${sentence()}_`;
      else if (kind === 1)
        body = `${sentence()}\n${Array.from({ length: between(2, 5) }, () => `- ${sentence()}`).join("\n")}`;
      else if (kind === 2) {
        const lines = Array.from({ length: between(1, 6) }, () => pick(CODE_LINES));
        body = `${sentence()}\n\`\`\`${pick(LANGUAGES)}\n${lines.join("\n")}\n\`\`\``;
      } else if (kind === 3) body = `> ${sentence()}\n\n${sentence()}`;
      else
        body = `${sentence()} [the doc](https://example.com/${pick(WORDS)}/${between(1, 999)}) ${pick(SHORT_REPLIES)}`;
      if (body.includes("\n")) multiLine++;
    }
    bodies.push(body);
    // A night between days every ~150 messages; otherwise seconds to a few minutes.
    gapsMs.push(random() < 1 / 150 ? between(6, 14) * 3_600_000 : between(3, 240) * 1_000);
  }

  // Timestamps walk backwards from a minute ago, so the newest message is recent.
  const createdAt = new Array<number>(options.count);
  let at = Date.now() - 60_000;
  for (let i = options.count - 1; i >= 0; i--) {
    createdAt[i] = at;
    at -= gapsMs[i] ?? 0;
  }

  const messages: Message[] = [];
  let sender = 0;
  let runLeft = 0;
  let totalLength = 0;
  let maxLength = 0;
  for (let i = 0; i < options.count; i++) {
    if (runLeft === 0) {
      sender = 1 - sender;
      runLeft = between(1, 6);
    }
    runLeft--;
    const body = bodies[i] ?? "";
    totalLength += body.length;
    maxLength = Math.max(maxLength, body.length);
    messages.push(
      aMessage({
        id: uuidFrom(random),
        chatId: options.chatId,
        seq: options.firstSeq + i,
        senderId: options.senderIds[sender] ?? null,
        clientId: null,
        body,
        createdAt: new Date(createdAt[i] ?? 0).toISOString(),
        changeSeq: options.firstChangeSeq + i,
      }),
    );
  }
  return {
    messages,
    stats: { multiLine, markdown, meanLength: Math.round(totalLength / Math.max(1, options.count)), maxLength },
  };
}

/** A v4-shaped uuid from the seeded generator (crypto.randomUUID cannot be seeded). */
function uuidFrom(random: () => number): string {
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
