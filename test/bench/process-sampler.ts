import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ): the unit of utime/stime in /proc/<pid>/stat; 100 on Linux. */
const CLOCK_TICKS = 100;

export type ProcessSample = {
  at: number;
  rssMb: number;
  /** Anonymous memory (heaps, buffers, ClickHouse allocations) and file-backed pages (mapped code, e.g. libchdb). */
  rssAnonMb: number;
  rssFileMb: number;
  cpuSeconds: number;
  mainThreadCpuSeconds: number;
  /** Busy CPU seconds of the whole machine so far (all processes), to tell how much else was running. */
  machineBusySeconds: number;
};

export type MemoryReading = { rssMb: number; peakMb: number; rssAnonMb: number; rssFileMb: number };

/** RSS (VmRSS), its anonymous and file-backed parts, and peak RSS (VmHWM), in MiB, from /proc/<pid>/status. */
export function readMemory(pid: number): MemoryReading | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
    return {
      rssMb: field('VmRSS'),
      peakMb: field('VmHWM'),
      rssAnonMb: field('RssAnon'),
      rssFileMb: field('RssFile'),
    };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) used so far, in seconds, from a /proc stat file (a process or one thread). */
function cpuSecondsOf(statFile: string): number | undefined {
  try {
    const stat = readFileSync(statFile, 'utf8');
    // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** CPU seconds of a whole process (all its threads). */
export function readCpuSeconds(pid: number): number | undefined {
  return cpuSecondsOf(`/proc/${pid}/stat`);
}

/** Busy (non-idle, non-iowait) CPU seconds of the whole machine since boot, from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** CPU seconds of a process's main thread (for node, the JS event loop). */
export function mainThreadCpuSeconds(pid: number): number {
  return cpuSecondsOf(`/proc/${pid}/task/${pid}/stat`) ?? NaN;
}

/**
 * CPU seconds per thread name (node's main thread is named after the process, libuv's pool "libuv-worker",
 * V8's "V8Worker", ClickHouse's by their pools). Threads that already exited are not counted.
 */
export function readThreadCpu(pid: number): Record<string, number> {
  const totals: Record<string, number> = {};
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return totals;
  }
  for (const tid of tids) {
    try {
      const name =
        tid === String(pid)
          ? 'main (JS event loop)'
          : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const seconds = cpuSecondsOf(`/proc/${pid}/task/${tid}/stat`);
      if (seconds !== undefined) totals[name] = (totals[name] ?? 0) + seconds;
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return totals;
}

/** Per thread name, CPU seconds used between two readThreadCpu snapshots (largest first). */
export function threadCpuDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const delta = Object.entries(after)
    .map(([name, seconds]) => [name, Math.round((seconds - (before[name] ?? 0)) * 100) / 100] as const)
    .filter(([, seconds]) => seconds > 0)
    .sort((left, right) => right[1] - left[1]);
  return Object.fromEntries(delta);
}

/** Samples a process's RSS and CPU time on an interval until stopped. */
export class ProcessSampler {
  readonly samples: ProcessSample[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly pid: number,
    private readonly intervalMs = 200,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  stop(): void {
    this.sample();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  sample(): ProcessSample | undefined {
    const memory = readMemory(this.pid);
    const cpuSeconds = readCpuSeconds(this.pid);
    const mainThread = mainThreadCpuSeconds(this.pid);
    if (memory === undefined || cpuSeconds === undefined || Number.isNaN(mainThread)) return undefined;
    const { rssMb, rssAnonMb, rssFileMb } = memory;
    const sample = {
      at: Date.now(),
      rssMb,
      rssAnonMb,
      rssFileMb,
      cpuSeconds,
      mainThreadCpuSeconds: mainThread,
      machineBusySeconds: machineBusySeconds(),
    };
    this.samples.push(sample);
    return sample;
  }

  /** The sample with the largest RSS within [from, to] (epoch ms). */
  maxRss(from = 0, to = Number.POSITIVE_INFINITY): ProcessSample | undefined {
    let max: ProcessSample | undefined;
    for (const sample of this.samples) {
      if (sample.at >= from && sample.at <= to && (max === undefined || sample.rssMb > max.rssMb))
        max = sample;
    }
    return max;
  }

  /** Average CPU cores used between two instants: the process, its main thread, the whole machine. */
  coresBetween(from: number, to: number): { process: number; mainThread: number; machine: number } {
    const inside = this.samples.filter((sample) => sample.at >= from && sample.at <= to);
    if (inside.length < 2) return { process: NaN, mainThread: NaN, machine: NaN };
    const first = inside[0];
    const last = inside[inside.length - 1];
    const seconds = (last.at - first.at) / 1000;
    return {
      process: (last.cpuSeconds - first.cpuSeconds) / seconds,
      mainThread: (last.mainThreadCpuSeconds - first.mainThreadCpuSeconds) / seconds,
      machine: (last.machineBusySeconds - first.machineBusySeconds) / seconds,
    };
  }
}

/** Average cores used over an interval, by who used them. */
export type CpuSplit = {
  argus: number;
  argusMainThread: number;
  broker: number;
  bench: number;
  /** Everything else running on the machine at the time: noise in the measurement. */
  otherProcesses: number;
  machine: number;
};

/** Samples Argus, the broker (when its pid is known) and this process together, to split the machine's CPU. */
export class CpuWatch {
  readonly argus: ProcessSampler;
  private readonly broker: ProcessSampler | undefined;
  private readonly bench: ProcessSampler;

  constructor(argusPid: number, brokerPid: number | undefined) {
    this.argus = new ProcessSampler(argusPid);
    this.broker = brokerPid === undefined ? undefined : new ProcessSampler(brokerPid);
    this.bench = new ProcessSampler(process.pid);
  }

  start(): this {
    for (const sampler of [this.argus, this.broker, this.bench]) sampler?.start();
    return this;
  }

  stop(): void {
    for (const sampler of [this.argus, this.broker, this.bench]) sampler?.stop();
  }

  split(from: number, to: number): CpuSplit {
    const argus = this.argus.coresBetween(from, to);
    const broker = this.broker?.coresBetween(from, to).process ?? 0;
    const bench = this.bench.coresBetween(from, to).process;
    const round2 = (value: number) => Math.round(value * 100) / 100;
    return {
      argus: round2(argus.process),
      argusMainThread: round2(argus.mainThread),
      broker: round2(broker),
      bench: round2(bench),
      otherProcesses: round2(Math.max(0, argus.machine - argus.process - broker - bench)),
      machine: round2(argus.machine),
    };
  }
}
