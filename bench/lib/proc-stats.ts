import fs from "node:fs";

/** Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel config. */
const CLOCK_TICKS_PER_SECOND = 100;

export type ProcSample = {
  at: number;
  rssBytes: number;
  peakRssBytes: number;
  /** Every thread of the process. */
  cpuSeconds: number;
  /**
   * The main thread alone (the event loop: sockets, handlers, JSON). The rest is the PGlite
   * worker, V8's GC helpers and libuv's pool (password hashing, WebCrypto).
   */
  mainThreadCpuSeconds: number;
};

/** user+system CPU seconds from a /proc …/stat file. */
function cpuSecondsOf(statPath: string): number {
  const stat = fs.readFileSync(statPath, "utf8");
  // Fields after the parenthesised command name (which may contain spaces); utime, stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** RSS from /proc/<pid>/status, CPU time of all threads and of the main thread (whose id is the pid). */
export function sampleProcess(pid: number): ProcSample {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  return {
    at: performance.now(),
    rssBytes: kb("VmRSS"),
    peakRssBytes: kb("VmHWM"),
    cpuSeconds: cpuSecondsOf(`/proc/${pid}/stat`),
    mainThreadCpuSeconds: cpuSecondsOf(`/proc/${pid}/task/${pid}/stat`),
  };
}

/** Percent of one core used between two samples, by the whole process or its main thread. */
export function cpuPercent(from: ProcSample, to: ProcSample, thread: "all" | "main" = "all"): number {
  const wall = (to.at - from.at) / 1000;
  const used =
    thread === "main" ? to.mainThreadCpuSeconds - from.mainThreadCpuSeconds : to.cpuSeconds - from.cpuSeconds;
  return wall > 0 ? (used / wall) * 100 : 0;
}

/**
 * The whole machine's CPU between now and the returned function's call, as % of all its cores'
 * time: how busy the box was (every process, the kernel's interrupts included) and how much
 * time the hypervisor gave to other guests (steal). A tail that moves with `stealPercent` is the
 * host's, not ours.
 */
export function machineCpuMeter(): () => { busyPercent: number; stealPercent: number } {
  const read = () => {
    const fields = (/^cpu\s+(.*)$/m.exec(fs.readFileSync("/proc/stat", "utf8"))?.[1] ?? "").split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user).
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
  };
  const start = read();
  return () => {
    const end = read();
    const busy = end.busy - start.busy;
    const steal = end.steal - start.steal;
    const total = busy + steal + (end.idle - start.idle);
    return total > 0
      ? { busyPercent: (busy / total) * 100, stealPercent: (steal / total) * 100 }
      : { busyPercent: 0, stealPercent: 0 };
  };
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
      total += cpuSecondsOf(`/proc/${entry}/stat`);
    } catch {
      // the process ended between listing and reading
    }
  }
  return total;
}
