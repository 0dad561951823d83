import { type Attachment, LIMITS } from "@teamchat/protocol";

/**
 * An audio file sent as a voice note (it carries a waveform), not an audio file shared as a
 * file. Copies cached by older clients have no waveform field: shown as plain audio.
 */
export const isVoiceNote = (file: Attachment): boolean => file.kind === "audio" && Array.isArray(file.waveform);

/**
 * The waveform of a recording: LIMITS.voiceWaveformPeaks buckets, each the loudest sample of
 * its span (all channels), scaled so the loudest bucket is LIMITS.voicePeakMax. Silence stays 0.
 */
export function peaksOf(channels: Float32Array[], count: number = LIMITS.voiceWaveformPeaks): number[] {
  const length = channels[0]?.length ?? 0;
  const raw = Array.from({ length: count }, (_, bucket) => {
    const start = Math.floor((bucket * length) / count);
    const end = Math.max(start + 1, Math.floor(((bucket + 1) * length) / count));
    let peak = 0;
    for (const samples of channels) {
      for (let i = start; i < end && i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i] ?? 0));
    }
    return peak;
  });
  const loudest = Math.max(...raw, 0);
  if (loudest === 0) return raw.map(() => 0);
  return raw.map((p) => Math.round((p / loudest) * LIMITS.voicePeakMax));
}

/**
 * Duration and waveform of a recorded blob, decoded by the browser (Web Audio). Done on the
 * client before the upload: the browser already has an Opus decoder, the server would need a
 * native one (ffmpeg) for the same numbers; the server checks their shape and bounds instead.
 */
export async function analyseRecording(audio: Blob): Promise<{ durationMs: number; waveform: number[] }> {
  const context = new OfflineAudioContext(1, 1, 48_000);
  const decoded = await context.decodeAudioData(await audio.arrayBuffer());
  const channels = Array.from({ length: decoded.numberOfChannels }, (_, i) => decoded.getChannelData(i));
  return { durationMs: Math.round(decoded.duration * 1000), waveform: peaksOf(channels) };
}

/** m:ss */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}
