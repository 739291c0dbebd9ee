import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgusProcess, type KafkaTestClient, REPO_ROOT, freePort } from '@argus/testing';
import { type BenchConfig } from './bench-config';
import { sleep } from './stats';

export const RESULTS_DIR = join(REPO_ROOT, '.argus', 'bench');
const CPU_PROFILE_PRELOAD = join(__dirname, 'cpu-profile.preload.js');

export type BenchTopics = {
  KAFKA_TOPIC_TELEMETRY: string;
  KAFKA_TOPIC_TELEMETRY_DLQ: string;
  KAFKA_TOPIC_FINDINGS: string;
  KAFKA_TOPIC_ALERTS: string;
  KAFKA_TOPIC_ALERTS_DLQ: string;
};

/** Fresh topic names per run, so a benchmark never reads what an earlier run (or a test) left behind. */
export function benchTopics(runId: string, name: string): BenchTopics {
  const prefix = `bench.${name}.${runId}`;
  return {
    KAFKA_TOPIC_TELEMETRY: `${prefix}.telemetry`,
    KAFKA_TOPIC_TELEMETRY_DLQ: `${prefix}.telemetry.dlq`,
    KAFKA_TOPIC_FINDINGS: `${prefix}.findings`,
    KAFKA_TOPIC_ALERTS: `${prefix}.alerts`,
    KAFKA_TOPIC_ALERTS_DLQ: `${prefix}.alerts.dlq`,
  };
}

/** The telemetry topic as Argus would create it (see apps/argus/src/kafka-topics.service.ts). */
export async function createTelemetryTopic(
  kafka: KafkaTestClient,
  topics: BenchTopics,
  partitions: number,
): Promise<void> {
  await kafka.admin.ensureTopics([
    {
      topic: topics.KAFKA_TOPIC_TELEMETRY,
      partitions,
      configs: { 'max.message.bytes': String(16 * 1024 * 1024) },
    },
  ]);
}

const launchedPids = new Set<number>();

/** Last resort when the benchmark itself dies: no Argus it started may outlive it. */
export function killLaunchedArgus(): void {
  for (const pid of launchedPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  launchedPids.clear();
}

export type LaunchedArgus = {
  argus: ArgusProcess;
  pid: number;
  /** Environment Argus was started with, minus what only locates things (for the report). */
  settings: Record<string, string>;
  /** Starts (first call) and stops (second call) the V8 CPU profiler when profiling; path of the profile. */
  toggleCpuProfile: () => Promise<string | undefined>;
  shutdown: () => Promise<void>;
};

export type LaunchOptions = {
  apps: string;
  topics: BenchTopics;
  name: string;
  env?: Record<string, string>;
  profile?: boolean;
};

/** Argus as a process (the built dist), embedded ClickHouse in a temporary directory, its own consumer groups. */
export async function launchArgus(config: BenchConfig, options: LaunchOptions): Promise<LaunchedArgus> {
  const dataDir = mkdtempSync(join(tmpdir(), `argus-bench-${options.name}-`));
  const settings: Record<string, string> = {
    ARGUS_APPS: options.apps,
    KAFKA_TOPIC_PARTITIONS: String(config.partitions),
    LOG_LEVEL: 'warn',
    ...options.env,
    ...config.argusOverrides,
  };
  const profilePath = join(RESULTS_DIR, `argus-${options.name}-${config.runId}.cpuprofile`);
  const env: Record<string, string> = {
    ...options.topics,
    ...settings,
    KAFKA_BROKERS: config.brokers,
    KAFKA_INGEST_GROUP_ID: `bench-ingest-${options.name}-${config.runId}`,
    KAFKA_ALERTER_GROUP_ID: `bench-alerter-${options.name}-${config.runId}`,
    ARGUS_DATA_DIR: dataDir,
    API_PORT: String(await freePort()),
    API_QUERY_ENABLED: 'true',
  };
  if (options.profile) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    env.NODE_OPTIONS = [env.NODE_OPTIONS, `--require ${CPU_PROFILE_PRELOAD}`].filter(Boolean).join(' ');
    env.ARGUS_BENCH_CPU_PROFILE = profilePath;
  }
  const argus = new ArgusProcess(env).start();
  const pid = argus.pid;
  if (pid === undefined) throw new Error('the Argus process did not start');
  let profileToggles = 0;
  let stopped: Promise<void> | undefined;
  launchedPids.add(pid);
  return {
    argus,
    pid,
    settings,
    toggleCpuProfile: async () => {
      if (!options.profile || profileToggles >= 2) return undefined;
      profileToggles++;
      process.kill(pid, 'SIGWINCH');
      if (profileToggles === 1) return undefined;
      for (let waited = 0; waited < 10_000 && !existsSync(profilePath); waited += 100) await sleep(100);
      return existsSync(profilePath) ? profilePath : undefined;
    },
    shutdown: () =>
      (stopped ??= (async () => {
        await argus.stop();
        launchedPids.delete(pid);
        rmSync(dataDir, { recursive: true, force: true });
      })()),
  };
}

/** The local broker's JVM, when it is the one deploy/kafka/kafka.sh started (ARGUS_KAFKA_DIR), to sample its CPU. */
export function brokerPid(): number | undefined {
  const dir = process.env.ARGUS_KAFKA_DIR;
  if (dir === undefined) return undefined;
  try {
    const pid = Number(readFileSync(join(dir, 'kafka.pid'), 'utf8').trim());
    return Number.isInteger(pid) && existsSync(`/proc/${pid}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}
