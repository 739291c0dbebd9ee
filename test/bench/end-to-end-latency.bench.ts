import { rmSync } from 'node:fs';
import { type TelemetryEventInputShape } from '@argus/contracts';
import { KafkaTestClient, WebhookReceiver, createTestTls, expectedFindings } from '@argus/testing';
import { type MetricTotals, scrapeMetrics } from './argus-metrics';
import {
  type LaunchedArgus,
  benchTopics,
  brokerPid,
  createTelemetryTopic,
  launchArgus,
} from './argus-under-test';
import { type BenchConfig } from './bench-config';
import { type MemoryFigures, memoryFigures } from './memory-figures';
import {
  type CpuSplit,
  CpuWatch,
  type ProcessSampler,
  readMemory,
  readThreadCpu,
  threadCpuDelta,
} from './process-sampler';
import { sizedSyntheticEvents } from './sized-events';
import { type Distribution, distribution, round, sleep } from './stats';
import { VisibilityPoller } from './visibility.poller';

export type LatencyBenchResult = {
  targetRate: number;
  achievedRate: number;
  durationSeconds: number;
  warmupSeconds: number;
  measuredEvents: number;
  eventBytes: Distribution;
  partitions: number;
  argusSettings: Record<string, string>;
  /** Produce → row visible in `events` (first poll that returned it; an upper bound). Milliseconds. */
  produceToVisibleMs: Distribution;
  /** Produce → `ingested_at` (the ingest batch began; before detection and the insert). Milliseconds. */
  produceToIngestedAtMs: Distribution;
  /** Produce → the first alert for the event received at the webhook, events with a canary leak. Milliseconds. */
  produceToCanaryAlertMs: Distribution;
  canaryEvents: number;
  canaryAlertedEvents: number;
  /** The same for every event with a finding of severity ≥ high (all detectors). */
  produceToAlertMs: Distribution;
  alertableEvents: number;
  alertedEvents: number;
  /** Alerts the traffic calls for (one per finding ≥ high) and webhook calls received, per second of sending. */
  expectedAlertsPerSecond: number;
  webhookCallsPerSecond: number;
  pollIntervalMs: number;
  /** A row is first seen between the start of the previous poll and the end of this one: the measurement's resolution. */
  pollResolutionMs: Distribution;
  /** How late the producer was against its schedule (send call − due time). Milliseconds. */
  producerLagMs: Distribution;
  memory: MemoryFigures;
  cpu: CpuSplit;
  /** CPU seconds per thread name of the Argus process during the measured interval. */
  threadCpuSeconds: Record<string, number>;
  timeSplit: {
    ingestBatches: number;
    meanBatchRows: number;
    meanBatchHandlerMs: number;
    meanEventsInsertMs: number;
  };
  /** Per second of sending (after warm-up): latencies of the events sent in it, to tell steady slowness from stalls. */
  timeline: {
    second: number;
    visibleP50Ms: number;
    visibleMaxMs: number;
    ingestedAtMaxMs: number;
    argusCores: number;
  }[];
};

/** Per event, indexed by its sequence number; times in ms since the epoch, NaN until seen. `alertable`: ALERTS_NONE… */
type Timings = {
  sentAt: Float64Array;
  visibleAt: Float64Array;
  ingestedAt: Float64Array;
  alertedAt: Float64Array;
  alertable: Uint8Array;
};

const ALERTS_NONE = 0;
const ALERTS_OTHER = 1;
const ALERTS_CANARY = 2;
const TEMPLATE_POOL = 5000;
const TICK_MS = 5;
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

/**
 * Steady traffic through the whole of Argus (ingest, alerter, api; embedded ClickHouse; a local HTTPS
 * webhook): events are produced at a fixed rate, each with its send time in `timestamp` and an attribute,
 * and each one's latency is taken to the moment its row is visible in ClickHouse and, for canary leaks,
 * to the moment its alert reaches the webhook.
 */
export async function runLatencyBench(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<LatencyBenchResult> {
  const topics = benchTopics(config.runId, 'latency');
  const warmupSeconds = Math.min(3, Math.max(1, Math.floor(config.latencySeconds / 5)));
  const total = config.latencyRate * (config.latencySeconds + warmupSeconds);
  const warmupEvents = config.latencyRate * warmupSeconds;
  const traffic = prepareTraffic(config, total);
  const timings: Timings = {
    sentAt: new Float64Array(total).fill(NaN),
    visibleAt: new Float64Array(total).fill(NaN),
    ingestedAt: new Float64Array(total).fill(NaN),
    alertedAt: new Float64Array(total).fill(NaN),
    alertable: new Uint8Array(total),
  };
  const idPrefix = `bench-${config.runId}-`;
  const sequenceOf = (eventId: string) =>
    eventId.startsWith(idPrefix) ? Number(eventId.slice(idPrefix.length)) : -1;

  const tls = createTestTls();
  const receiver = new WebhookReceiver(tls, WEBHOOK_SECRET);
  const webhookCalls: number[] = [];
  stampWebhookCalls(receiver, (json, at) => {
    webhookCalls.push(at);
    for (const eventId of (json as { event_ids?: string[] }).event_ids ?? []) {
      const sequence = sequenceOf(eventId);
      if (sequence >= 0 && Number.isNaN(timings.alertedAt[sequence])) timings.alertedAt[sequence] = at;
    }
  });
  const kafka = await new KafkaTestClient().connect();
  let launched: LaunchedArgus | undefined;
  try {
    const webhookUrl = await receiver.start();
    await createTelemetryTopic(kafka, topics, config.partitions);
    launched = await launchArgus(config, {
      apps: 'ingest,alerter,api',
      topics,
      name: 'latency',
      env: {
        ALERT_MIN_SEVERITY: 'high',
        ALERT_WEBHOOK_URL: webhookUrl,
        ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
        ALERT_WEBHOOK_CA_FILE: tls.caFile,
      },
    });
    const { argus, pid } = launched;
    await argus.waitUntilReady();
    const readyRssMb = readMemory(pid)?.rssMb ?? NaN;
    log(
      `Argus ready (pid ${pid}); producing ${config.latencyRate} events/s for ${warmupSeconds} s warm-up + ${config.latencySeconds} s`,
    );
    const cpuWatch = new CpuWatch(pid, brokerPid()).start();
    const sampler = cpuWatch.argus;
    const poller = new VisibilityPoller(
      argus,
      config.partitions,
      config.pollMs,
      (eventId, ingestedAtMs, at) => {
        const sequence = sequenceOf(eventId);
        if (sequence < 0 || !Number.isNaN(timings.visibleAt[sequence])) return;
        timings.visibleAt[sequence] = at;
        timings.ingestedAt[sequence] = ingestedAtMs;
      },
    );
    const polling = poller.run();
    let metricsAtWarm: MetricTotals | undefined;
    let threadsAtWarm: Record<string, number> = {};
    let measureFrom = Date.now();
    const producerLag: number[] = [];
    let expectedAlerts = 0;
    const started = Date.now();
    let produced = 0;
    try {
      // A loop rather than a timer: a send that takes long is followed by one carrying everything now due.
      while (produced < total) {
        if (argus.exitCode !== null)
          throw new Error(`Argus exited with ${argus.exitCode}:\n${argus.logTail()}`);
        const now = Date.now();
        const due = Math.min(total, Math.floor(((now - started) * config.latencyRate) / 1000));
        if (due > produced) {
          const records = [];
          for (let sequence = produced; sequence < due; sequence++) {
            const template = traffic.templates[sequence % traffic.templates.length];
            timings.sentAt[sequence] = now;
            const alerts = traffic.alerting.get(template.event_id);
            timings.alertable[sequence] =
              alerts === undefined ? ALERTS_NONE : alerts.canary ? ALERTS_CANARY : ALERTS_OTHER;
            if (alerts !== undefined && sequence >= warmupEvents) expectedAlerts += alerts.alerts;
            if (sequence >= warmupEvents)
              producerLag.push(now - (started + (sequence * 1000) / config.latencyRate));
            records.push(stamp(template, `${idPrefix}${sequence}`, now));
          }
          if (produced < warmupEvents && due >= warmupEvents) {
            metricsAtWarm = await scrapeMetrics(argus.apiUrl);
            threadsAtWarm = readThreadCpu(pid);
            measureFrom = Date.now();
          }
          produced = due;
          await kafka.producer.send(topics.KAFKA_TOPIC_TELEMETRY, records);
        }
        await sleep(TICK_MS);
      }
      const producedFor = (Date.now() - started) / 1000;
      log(`produced ${produced} events in ${round(producedFor, 1)} s; waiting for the last rows and alerts`);
      await waitUntil(() => countMissing(timings.visibleAt) === 0, 60_000);
      await waitUntil(() => countMissingAlerts(timings) === 0, 15_000);
      const measureTo = Date.now();
      const threadsAtEnd = readThreadCpu(pid);
      poller.stop();
      await polling;
      cpuWatch.stop();
      const metricsAtEnd = await scrapeMetrics(argus.apiUrl);
      const peakMb = readMemory(pid)?.peakMb ?? NaN;
      const invisible = countMissing(timings.visibleAt);
      if (invisible > 0) log(`warning: ${invisible} events never became visible`);

      const interval = { from: measureFrom, to: measureTo };
      return {
        targetRate: config.latencyRate,
        achievedRate: round(total / producedFor),
        durationSeconds: config.latencySeconds,
        warmupSeconds,
        measuredEvents: total - warmupEvents,
        eventBytes: traffic.bytes,
        partitions: config.partitions,
        argusSettings: launched.settings,
        ...latencies(timings, warmupEvents),
        expectedAlertsPerSecond: round(expectedAlerts / config.latencySeconds),
        webhookCallsPerSecond: round(
          webhookCalls.filter((at) => at >= interval.from && at <= interval.to).length /
            ((interval.to - interval.from) / 1000),
        ),
        pollIntervalMs: config.pollMs,
        pollResolutionMs: distribution(poller.resolutions),
        producerLagMs: distribution(producerLag),
        memory: memoryFigures(sampler, interval, peakMb, readyRssMb, metricsAtEnd),
        cpu: cpuWatch.split(interval.from, interval.to),
        threadCpuSeconds: threadCpuDelta(threadsAtWarm, threadsAtEnd),
        timeSplit: timeSplit(metricsAtWarm, metricsAtEnd),
        timeline: perSecond(timings, warmupEvents, config.latencyRate, sampler),
      };
    } finally {
      poller.stop();
      cpuWatch.stop();
    }
  } finally {
    await launched?.shutdown();
    await kafka.admin.deleteTopics(Object.values(topics)).catch(() => undefined);
    await kafka.disconnect();
    await receiver.stop();
    rmSync(tls.dir, { recursive: true, force: true });
  }
}

/** A pool of ~2 KB events to cycle through, and which of them raise alerts (findings of severity ≥ high). */
function prepareTraffic(config: BenchConfig, total: number) {
  const { events: templates, bytes } = sizedSyntheticEvents(
    Math.min(TEMPLATE_POOL, total),
    `bench-latency-${config.runId}`,
    config.eventBytes,
    config.attackRate,
  );
  // Findings depend on the content, not on the event id or time: whether a template alerts holds for its copies.
  const alerting = new Map<string, { alerts: number; canary: boolean }>();
  for (const finding of expectedFindings(templates)) {
    if (finding.severity !== 'high' && finding.severity !== 'critical') continue;
    const entry = alerting.get(finding.event_id) ?? { alerts: 0, canary: false };
    entry.alerts++;
    entry.canary ||= finding.detector === 'canary';
    alerting.set(finding.event_id, entry);
  }
  return { templates, bytes, alerting };
}

/** A copy of a template with a fresh id and its send time (ms since the epoch) as timestamp and attribute. */
function stamp(
  template: TelemetryEventInputShape,
  eventId: string,
  sentAt: number,
): { key: string; value: string } {
  const event = {
    ...template,
    event_id: eventId,
    timestamp: new Date(sentAt).toISOString(),
    attributes: { ...template.attributes, 'bench.sent_at_ms': sentAt },
  };
  return { key: `${template.tenant_id}:${template.conversation_id}`, value: JSON.stringify(event) };
}

/** Calls `onCall` with the receipt time of every request the receiver accepts (it keeps no times itself). */
function stampWebhookCalls(receiver: WebhookReceiver, onCall: (json: unknown, at: number) => void): void {
  const calls = receiver.calls;
  const push = calls.push.bind(calls);
  calls.push = (...items) => {
    const at = Date.now();
    for (const item of items) onCall(item.json, at);
    return push(...items);
  };
}

function latencies(timings: Timings, from: number) {
  const visible: number[] = [];
  const ingested: number[] = [];
  const alerted: number[] = [];
  const canaryAlerted: number[] = [];
  let alertable = 0;
  let canary = 0;
  for (let sequence = from; sequence < timings.sentAt.length; sequence++) {
    const sentAt = timings.sentAt[sequence];
    if (!Number.isNaN(timings.visibleAt[sequence])) visible.push(timings.visibleAt[sequence] - sentAt);
    if (!Number.isNaN(timings.ingestedAt[sequence])) ingested.push(timings.ingestedAt[sequence] - sentAt);
    if (timings.alertable[sequence] === ALERTS_NONE) continue;
    const seen = !Number.isNaN(timings.alertedAt[sequence]);
    alertable++;
    if (seen) alerted.push(timings.alertedAt[sequence] - sentAt);
    if (timings.alertable[sequence] === ALERTS_CANARY) {
      canary++;
      if (seen) canaryAlerted.push(timings.alertedAt[sequence] - sentAt);
    }
  }
  return {
    produceToVisibleMs: distribution(visible),
    produceToIngestedAtMs: distribution(ingested),
    produceToCanaryAlertMs: distribution(canaryAlerted),
    canaryEvents: canary,
    canaryAlertedEvents: canaryAlerted.length,
    produceToAlertMs: distribution(alerted),
    alertableEvents: alertable,
    alertedEvents: alerted.length,
  };
}

function perSecond(
  timings: Timings,
  from: number,
  rate: number,
  sampler: ProcessSampler,
): LatencyBenchResult['timeline'] {
  const seconds: LatencyBenchResult['timeline'] = [];
  for (let start = from; start < timings.sentAt.length; start += rate) {
    const visible: number[] = [];
    const ingested: number[] = [];
    for (let sequence = start; sequence < Math.min(start + rate, timings.sentAt.length); sequence++) {
      visible.push(timings.visibleAt[sequence] - timings.sentAt[sequence]);
      ingested.push(timings.ingestedAt[sequence] - timings.sentAt[sequence]);
    }
    const sentAt = timings.sentAt[start];
    seconds.push({
      second: seconds.length,
      visibleP50Ms: distribution(visible).p50,
      visibleMaxMs: distribution(visible).max,
      ingestedAtMaxMs: distribution(ingested).max,
      argusCores: round(sampler.coresBetween(sentAt, sentAt + 1000).process, 2),
    });
  }
  return seconds;
}

function countMissing(times: Float64Array): number {
  let missing = 0;
  for (const time of times) if (Number.isNaN(time)) missing++;
  return missing;
}

function countMissingAlerts(timings: Timings): number {
  let missing = 0;
  for (let sequence = 0; sequence < timings.alertable.length; sequence++) {
    if (timings.alertable[sequence] !== ALERTS_NONE && Number.isNaN(timings.alertedAt[sequence])) missing++;
  }
  return missing;
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(100);
}

function timeSplit(before: MetricTotals | undefined, after: MetricTotals): LatencyBenchResult['timeSplit'] {
  const batches = after.ingestBatches - (before?.ingestBatches ?? 0);
  const inserts = (after.flushes.events ?? 0) - (before?.flushes.events ?? 0);
  return {
    ingestBatches: batches,
    meanBatchRows: round((after.eventsIngested - (before?.eventsIngested ?? 0)) / Math.max(1, batches)),
    meanBatchHandlerMs: round(
      ((after.ingestBatchSeconds - (before?.ingestBatchSeconds ?? 0)) * 1000) / Math.max(1, batches),
      1,
    ),
    meanEventsInsertMs: round(
      (((after.flushSeconds.events ?? 0) - (before?.flushSeconds.events ?? 0)) * 1000) / Math.max(1, inserts),
      1,
    ),
  };
}
