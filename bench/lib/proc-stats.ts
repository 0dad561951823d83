import fs from "node:fs";

/** Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel config. */
const CLOCK_TICKS_PER_SECOND = 100;

export type ProcSample = { at: number; rssBytes: number; peakRssBytes: number; cpuSeconds: number };

/** RSS from /proc/<pid>/status and user+system CPU time from /proc/<pid>/stat (all threads). */
export function sampleProcess(pid: number): ProcSample {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name (which may contain spaces); utime, stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return {
    at: performance.now(),
    rssBytes: kb("VmRSS"),
    peakRssBytes: kb("VmHWM"),
    cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND,
  };
}

/** Percent of one core used between two samples. */
export function cpuPercent(from: ProcSample, to: ProcSample): number {
  const wall = (to.at - from.at) / 1000;
  return wall > 0 ? ((to.cpuSeconds - from.cpuSeconds) / wall) * 100 : 0;
}

/** This process's own CPU (every thread, so the generator's workers count too) as % of one core. */
export function ownCpuMeter() {
  const start = process.cpuUsage();
  const startAt = performance.now();
  return () => {
    const used = process.cpuUsage(start);
    const wall = (performance.now() - startAt) / 1000;
    return wall > 0 ? ((used.user + used.system) / 1e6 / wall) * 100 : 0;
  };
}

export const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
export const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/**
 * Summed CPU seconds of every process with this command name (e.g. the PostgreSQL server and its
 * backends), so the database's share of the machine can be reported beside the server's.
 */
export function cpuSecondsOfCommand(command: string): number {
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== command) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    } catch {
      // the process ended between listing and reading
    }
  }
  return total;
}
