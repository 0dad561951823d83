import { LIMITS } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import { formatClock, peaksOf } from "./waveform.js";

describe("peaksOf", () => {
  it("gives the protocol's number of peaks, loudest at the top of the range", () => {
    const samples = Float32Array.from({ length: 6400 }, (_, i) => (i < 3200 ? 0.1 : -0.5));
    const peaks = peaksOf([samples]);
    expect(peaks).toHaveLength(LIMITS.voiceWaveformPeaks);
    expect(peaks[0]).toBe(Math.round(0.2 * LIMITS.voicePeakMax));
    expect(peaks.at(-1)).toBe(LIMITS.voicePeakMax);
    expect(peaks.every((p) => Number.isInteger(p) && p >= 0 && p <= LIMITS.voicePeakMax)).toBe(true);
  });

  it("silence and recordings shorter than the bucket count stay valid", () => {
    expect(peaksOf([new Float32Array(1000)])).toEqual(Array(LIMITS.voiceWaveformPeaks).fill(0));
    const short = peaksOf([Float32Array.from([0.5, -1, 0.25])]);
    expect(short).toHaveLength(LIMITS.voiceWaveformPeaks);
    expect(Math.max(...short)).toBe(LIMITS.voicePeakMax);
  });

  it("takes the loudest channel", () => {
    const quiet = new Float32Array(640).fill(0.1);
    const loud = new Float32Array(640).fill(0.1);
    loud[0] = 1;
    expect(peaksOf([quiet, loud])[0]).toBe(LIMITS.voicePeakMax);
  });
});

describe("formatClock", () => {
  it("m:ss", () => {
    expect(formatClock(0)).toBe("0:00");
    expect(formatClock(65_400)).toBe("1:05");
  });
});
