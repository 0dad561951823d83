import type { Attachment, ChatMediaItem } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import type { UiMessage } from "../messages/messagesSlice.js";
import { chatImages } from "./Lightbox.js";

const image = (id: string): Attachment => ({
  id,
  name: `${id}.png`,
  mimeType: "image/png",
  kind: "image",
  size: 10,
  width: 4,
  height: 3,
  placeholder: null,
  hasThumbnail: true,
  durationMs: null,
  waveform: null,
});
const pdf: Attachment = { ...image("doc"), kind: "file", mimeType: "application/pdf", width: null, height: null };

function message(seq: number, attachments: Attachment[], deleted = false): UiMessage {
  return {
    key: `m${seq}`,
    id: `m${seq}`,
    chatId: "c",
    seq,
    senderId: "u",
    clientId: null,
    kind: "text",
    body: "",
    createdAt: "2026-11-25T10:00:00.000Z",
    editedAt: null,
    deletedAt: deleted ? "2026-11-25T11:00:00.000Z" : null,
    status: "stored",
    error: null,
    reactions: [],
    replyTo: null,
    pinnedAt: null,
    mentions: [],
    forwarded: false,
    expiresAt: null,
    changeSeq: seq,
    attachments: deleted ? [] : attachments,
    undelivered: false,
    playedBy: [],
  } as UiMessage;
}

const shared = (seq: number, file: Attachment): ChatMediaItem =>
  ({ file, messageId: `m${seq}`, seq, senderId: "u", sharedAt: "2026-11-25T10:00:00.000Z" }) satisfies ChatMediaItem;

describe("lightbox: the chat's images", () => {
  it("joins images never loaded in the list with the loaded ones, oldest first, each once", () => {
    const loaded = [message(50, [image("e"), pdf, image("f")]), message(51, [image("g")])];
    // The shared-media listing is newest first and overlaps the loaded messages.
    const listing = [shared(51, image("g")), shared(50, image("e")), shared(20, image("b")), shared(10, image("a"))];
    expect(chatImages(loaded, listing).map((a) => a.id)).toEqual(["a", "b", "e", "f", "g"]);
  });

  it("leaves out images of a message deleted since the listing was fetched, and files that are not images", () => {
    const loaded = [message(50, [], true), message(51, [pdf])];
    const listing = [shared(50, image("e")), shared(10, image("a"))];
    expect(chatImages(loaded, listing).map((a) => a.id)).toEqual(["a"]);
  });
});
