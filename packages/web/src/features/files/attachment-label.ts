import type { Attachment } from "@teamchat/protocol";
import { formatClock, isVoiceNote } from "../voice/waveform.js";

/**
 * What a message without a caption shows where only a line of text fits (the chat list, the
 * starred list, message info): its files, a voice note with its length.
 */
export function attachmentLabel(attachments: Attachment[]): string {
  if (attachments.length === 0) return "";
  const voice = attachments.length === 1 && attachments[0] && isVoiceNote(attachments[0]) ? attachments[0] : null;
  if (voice) return `🎤 Voice message (${formatClock(voice.durationMs ?? 0)})`;
  if (attachments.every((a) => a.kind === "image"))
    return attachments.length > 1 ? `📷 ${attachments.length} photos` : "📷 Photo";
  return attachments.length > 1 ? `📎 ${attachments.length} files` : `📎 ${attachments[0]?.name ?? "File"}`;
}
