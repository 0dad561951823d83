// The protocol's sizes and bounds as plain constants, in a module without schemas: a client that
// needs only the numbers (the web app, the SDK) does not build the zod schemas at start-up
// (issue 15: evaluating the main bundle is one task on the main thread).

/** The largest seq the database column (PostgreSQL integer) holds; larger input is a 400, not a 500. */
export const SEQ_MAX = 2_147_483_647;

export const LIMITS = {
  usernameMin: 3,
  usernameMax: 32,
  passwordMin: 8,
  passwordMax: 256,
  displayNameMax: 64,
  statusMessageMax: 140,
  urlMax: 2048,
  messageBodyMax: 4000,
  clientIdMin: 8,
  clientIdMax: 64,
  groupNameMax: 100,
  groupDescriptionMax: 1000,
  groupMembersMax: 1000,
  historyPageMax: 200,
  syncChatsMax: 500,
  syncChangesPerChat: 200,
  historyPageDefault: 50,
  searchQueryMax: 200,
  /** A reaction is one emoji grapheme; 16 code points fit the longest ZWJ sequences and tag flags. */
  reactionEmojiMax: 16,
  presenceQueryMax: 500,
  /** How much of a replied-to or pinned message travels as its preview. */
  quotePreviewMax: 200,
  /** Pinned messages per chat (as in WhatsApp): pinning one more unpins the oldest pin. */
  pinsPerChat: 3,
  /** Distinct people one message may mention. */
  mentionsMax: 50,
  /** Files on one message. */
  attachmentsPerMessage: 10,
  linkPreviewUrlMax: 2048,
  linkPreviewTitleMax: 300,
  linkPreviewDescriptionMax: 1000,
  linkPreviewSiteNameMax: 100,
  fileNameMax: 200,
  mediaPageMax: 100,
  externalIdMax: 255,
  departmentMax: 100,
  /** A voice note's waveform: exactly this many peaks, each 0..voicePeakMax (computed by the recording client). */
  voiceWaveformPeaks: 64,
  voicePeakMax: 255,
  /** A voice note lasts at least this long and at most this long (milliseconds). */
  voiceMinMs: 300,
  voiceMaxMs: 30 * 60 * 1000,
} as const;
