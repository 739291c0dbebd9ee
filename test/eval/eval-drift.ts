import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type EmbeddingService,
  createEmbeddingService,
  createFallbackEmbeddingService,
} from '@argus/embeddings';
import { type DriftTestResult, type Sample, seededRandom, shuffleInPlace, testDrift } from '@argus/scoring';
import { devDataDirectory } from './dev-data';

/**
 * `npm run eval` (drift part): simulated telemetry streams from topics_dev.jsonl, tested the way the
 * analyzer tests one series (500-event windows against a 1,000-event reference sample, MMD² permutation test,
 * min effect gate).
 *
 * Reference traffic: BANKING77 (77 intents). Per run, a fresh seeded sample gives the reference and:
 *  - stationary windows: the same mix → every drift is a false alarm;
 *  - a shifted stream: from a time T inside window 1, 20% of traffic comes from one CLINC150 domain the
 *    reference never saw (rotating over the 10 domains, including CLINC's own banking and credit cards,
 *    the hardest because closest to the reference). Window 1 holds the shift only after T (so 0–20%),
 *    window 2 is fully shifted; "detected within 2 windows" = window 1 or 2 flags drift.
 * Compared with an Evidently-style fixed threshold (MMD² > 0.015, or centroid Euclidean distance > 0.2;
 * no p-values), on the same windows.
 *
 * ARGUS_EVAL_DRIFT_RUNS (default 40), ARGUS_EVAL_DRIFT_PERMUTATIONS (default 100, as alibi-detect's
 * MMDDrift), ARGUS_EVAL_DRIFT_MIN_EFFECT (default: the analyzer's DRIFT_MIN_EFFECT default),
 * ARGUS_EVAL_DRIFT_MODEL (a transformers.js model directory; default: the hashing fallback).
 */

type TopicLine = { text: string; topic: string; corpus: string };

const WINDOW = 500;
/** The analyzer's default reference sample (DRIFT_REFERENCE_SAMPLE_SIZE): twice the window, half the noise. */
const REFERENCE = 1000;
const SHIFT_SHARE = 0.2;
const ALPHA = 0.05;
const EVIDENTLY_MMD = 0.015;
const EVIDENTLY_CENTROID = 0.2;

function numberFromEnvironment(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, got ${raw}`);
  return value;
}

function loadTopics(): TopicLine[] {
  return readFileSync(join(devDataDirectory(), 'topics_dev.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TopicLine);
}

function centroidDistance(left: Sample, right: Sample): number {
  const dimensions = left[0].length;
  const centroid = (sample: Sample) => {
    const sum = new Float64Array(dimensions);
    for (const vector of sample) for (let index = 0; index < dimensions; index++) sum[index] += vector[index];
    return sum.map((value) => value / sample.length);
  };
  const a = centroid(left);
  const b = centroid(right);
  let squared = 0;
  for (let index = 0; index < dimensions; index++) squared += (a[index] - b[index]) ** 2;
  return Math.sqrt(squared);
}

type WindowOutcome = { argus: boolean; evidently: boolean; result: DriftTestResult };

function percent(count: number, total: number): string {
  return `${((100 * count) / Math.max(1, total)).toFixed(1)}% (${count}/${total})`;
}

async function main(): Promise<void> {
  const runs = numberFromEnvironment('ARGUS_EVAL_DRIFT_RUNS', 40);
  const permutations = numberFromEnvironment('ARGUS_EVAL_DRIFT_PERMUTATIONS', 100);
  const minEffect = numberFromEnvironment('ARGUS_EVAL_DRIFT_MIN_EFFECT', 0.00035);
  const topics = loadTopics();
  const reference = topics.filter((line) => line.corpus === 'banking77').map((line) => line.text);
  const domains = [
    ...new Set(topics.filter((line) => line.corpus !== 'banking77').map((line) => line.topic)),
  ].sort();
  const byDomain = new Map(
    domains.map((domain) => [
      domain,
      topics.filter((line) => line.topic === domain).map((line) => line.text),
    ]),
  );
  // The hashing fallback runs on this thread; a model directory (ARGUS_EVAL_DRIFT_MODEL) runs in workers.
  const modelPath = process.env.ARGUS_EVAL_DRIFT_MODEL;
  const embedder: EmbeddingService =
    modelPath === undefined || modelPath === ''
      ? createFallbackEmbeddingService()
      : await createEmbeddingService({ modelPath, workers: 1 });
  const started = Date.now();

  const test = async (left: string[], right: string[], seed: number): Promise<WindowOutcome> => {
    const [a, b] = await Promise.all([embedder.embed(left), embedder.embed(right)]);
    const result = testDrift(a, b, { permutations, minEffect, alpha: ALPHA, seed });
    return {
      argus: result.drift,
      evidently: result.effect > EVIDENTLY_MMD || centroidDistance(a, b) > EVIDENTLY_CENTROID,
      result,
    };
  };

  const stationary: WindowOutcome[] = [];
  const detections: {
    windows: DriftTestResult[];
    domain: string;
    argus: boolean;
    evidently: boolean;
    argusFirst: boolean;
    window1Share: number;
  }[] = [];
  const shiftedEffects: number[] = [];
  for (let run = 0; run < runs; run++) {
    const random = seededRandom(1000 + run);
    const pool = reference.map((_, index) => index);
    shuffleInPlace(pool, random);
    let next = 0;
    const take = (count: number) => pool.slice(next, (next += count)).map((index) => reference[index]);
    const referenceWindow = take(REFERENCE);
    for (let window = 0; window < 2; window++)
      stationary.push(await test(referenceWindow, take(WINDOW), run * 10 + window));

    const domain = domains[run % domains.length];
    const domainTexts = byDomain.get(domain) ?? [];
    const order = domainTexts.map((_, index) => index);
    shuffleInPlace(order, random);
    const newTopic = order.map((index) => domainTexts[index]);
    let nextNew = 0;
    // T falls uniformly inside window 1: the share of window 1 after T is u, its shifted share 20%·u.
    const after = random();
    const shiftedWindow = (share: number) => {
      const count = Math.round(WINDOW * share);
      const window = [...take(WINDOW - count), ...newTopic.slice(nextNew, (nextNew += count))];
      return window;
    };
    const first = await test(referenceWindow, shiftedWindow(SHIFT_SHARE * after), run * 10 + 5);
    const second = await test(referenceWindow, shiftedWindow(SHIFT_SHARE), run * 10 + 6);
    shiftedEffects.push(second.result.effect);
    detections.push({
      domain,
      argus: first.argus || second.argus,
      evidently: first.evidently || second.evidently,
      argusFirst: first.argus,
      windows: [first.result, second.result],
      window1Share: SHIFT_SHARE * after,
    });
  }
  await embedder.close();

  const falseAlarms = stationary.filter((outcome) => outcome.argus).length;
  const evidentlyFalseAlarms = stationary.filter((outcome) => outcome.evidently).length;
  const detected = detections.filter((run) => run.argus).length;
  const evidentlyDetected = detections.filter((run) => run.evidently).length;
  const stationaryEffects = stationary.map((outcome) => outcome.result.effect).sort((a, b) => a - b);
  const quantile = (values: number[], q: number) =>
    values[Math.min(values.length - 1, Math.floor(q * values.length))];
  const sortedShifted = [...shiftedEffects].sort((a, b) => a - b);
  const lines = [
    '',
    `Embedding drift — topics_dev, ${embedder.id}${embedder.fallback ? ' (hashing fallback; no model configured)' : ''}`,
    `  ${runs} runs; windows of ${WINDOW} vs a ${REFERENCE}-event reference; ${permutations} permutations, alpha ${ALPHA}, min effect ${minEffect}`,
    `  false alarms, stationary windows:       Argus ${percent(falseAlarms, stationary.length)}   (target ≤ 1%)`,
    `                                          Evidently-style thresholds ${percent(evidentlyFalseAlarms, stationary.length)}`,
    `  20% new-topic shift found in ≤ 2 windows: Argus ${percent(detected, detections.length)}   (target ≥ 95%)`,
    `                                          Evidently-style thresholds ${percent(evidentlyDetected, detections.length)}`,
    `  found already in the window holding T:  Argus ${percent(detections.filter((run) => run.argusFirst).length, detections.length)}`,
    `  MMD² effect, stationary p50/p95/p99/max: ${[0.5, 0.95, 0.99].map((q) => quantile(stationaryEffects, q).toExponential(2)).join(' / ')} / ${stationaryEffects[stationaryEffects.length - 1].toExponential(2)}`,
    `  MMD² effect, 20% shifted min/p01/p05/p50: ${[0, 0.01, 0.05, 0.5].map((q) => quantile(sortedShifted, q).toExponential(2)).join(' / ')}`,
    `  stationary windows with p < alpha: ${percent(stationary.filter((outcome) => outcome.result.pValue < ALPHA).length, stationary.length)} (the min effect gate removes most of them)`,
    '  min effect calibration (same windows; drift = p < alpha AND effect ≥ min effect):',
    ...[0.00015, 0.0002, 0.00025, 0.0003, 0.00035, 0.0004, 0.0005].map((candidate) => {
      const flags = (result: DriftTestResult) => result.pValue < ALPHA && result.effect >= candidate;
      const alarms = stationary.filter((outcome) => flags(outcome.result)).length;
      const found = detections.filter((run) => run.windows.some(flags)).length;
      return `    ${candidate.toFixed(5)}: false alarms ${percent(alarms, stationary.length)}, found in ≤ 2 windows ${percent(found, detections.length)}`;
    }),
    '  per new topic (Argus found / runs):',
    ...domains.map((domain) => {
      const runsOfDomain = detections.filter((run) => run.domain === domain);
      return `    ${domain.padEnd(28)} ${runsOfDomain.filter((run) => run.argus).length}/${runsOfDomain.length}`;
    }),
    `  (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `eval-drift failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
