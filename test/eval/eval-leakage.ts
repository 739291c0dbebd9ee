/**
 * Leakage detectors against the development sets: per-entity precision/recall/F1 of the PII detector on
 * pii.jsonl (a prediction counts when it overlaps a labelled span of the same entity) and recall / false
 * positive rate of the secret detector on secrets.jsonl (per line). Data: ARGUS_DEV_DATA or
 * ../shared/data/dev. Run: `npm run eval:leakage` (also part of `npm run eval` / `make eval`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type TelemetryEvent } from '@argus/contracts';
import {
  createPiiDetector,
  createSecretDetector,
  type DetectorContext,
  type DetectorHit,
  type TextSegment,
} from '@argus/detectors';
import { devDataDirectory } from './dev-data';

type PiiRow = { text: string; spans: { entity_type: string; start: number; end: number; value: string }[] };
type SecretRow = { line: string; value: string; rule: string; label: number };

/** Structured entities the F1 ≥ 0.97 target is about. */
const STRUCTURED = ['CREDIT_CARD', 'EMAIL_ADDRESS', 'PHONE_NUMBER', 'IBAN_CODE', 'US_SSN', 'IP_ADDRESS'];
/** Reported too, but outside the target (DATE_TIME is scored as dates of birth only). */
const OTHER = ['CRYPTO', 'UK_NINO', 'MAC_ADDRESS', 'DATE_TIME'];

const context: DetectorContext = {
  event: {} as TelemetryEvent,
  policy: {
    tenant_id: 'eval',
    app_id: 'eval',
    canaries: [],
    thresholds: { min_score: 0, min_severity: 'info' },
    detectors: {},
  },
  settings: { enabled: true, min_score: 0, min_severity: 'info', options: {} },
};

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);
}

/** Python code-point offsets → JavaScript UTF-16 indices (astral characters take two units). */
function codePointToUtf16(text: string): (offset: number) => number {
  const indices: number[] = [];
  let unit = 0;
  for (const character of text) {
    indices.push(unit);
    unit += character.length;
  }
  indices.push(unit);
  return (offset) => indices[offset] ?? unit;
}

function segment(text: string): TextSegment {
  return { text, location: { field: 'input', message: 0, part: 0 } };
}

type Counts = { predicted: number; truePredicted: number; gold: number; found: number };

function evaluatePii(directory: string): void {
  const detector = createPiiDetector();
  const rows = readJsonl<PiiRow>(join(directory, 'pii.jsonl'));
  const counts = new Map<string, Counts>();
  const halves = [new Map<string, Counts>(), new Map<string, Counts>()];
  const getIn = (map: Map<string, Counts>, entity: string): Counts => {
    let value = map.get(entity);
    if (value === undefined) map.set(entity, (value = { predicted: 0, truePredicted: 0, gold: 0, found: 0 }));
    return value;
  };
  /** Counts one event of `key` for `entity`, overall and in the row's half (even / odd rows). */
  const bump = (half: Map<string, Counts>, entity: string, key: keyof Counts): void => {
    getIn(counts, entity)[key]++;
    getIn(half, entity)[key]++;
  };
  const started = performance.now();
  for (const [index, row] of rows.entries()) {
    const half = halves[index % 2] ?? new Map<string, Counts>();
    const toUtf16 = codePointToUtf16(row.text);
    const gold = row.spans.map((span) => ({
      entity: span.entity_type,
      start: toUtf16(span.start),
      end: toUtf16(span.end),
    }));
    const hits: DetectorHit[] = [...(detector.detectSegment?.(segment(row.text), context) ?? [])];
    const predicted = hits.map((hit) => ({
      entity: hit.entity ?? '',
      start: hit.location.start ?? 0,
      end: hit.location.end ?? 0,
    }));
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
      a.start < b.end && b.start < a.end;
    for (const prediction of predicted) {
      bump(half, prediction.entity, 'predicted');
      if (gold.some((span) => span.entity === prediction.entity && overlaps(span, prediction)))
        bump(half, prediction.entity, 'truePredicted');
    }
    for (const span of gold) {
      bump(half, span.entity, 'gold');
      if (predicted.some((prediction) => prediction.entity === span.entity && overlaps(span, prediction)))
        bump(half, span.entity, 'found');
    }
  }
  const elapsed = performance.now() - started;
  console.log(
    `\n== PII (pii.jsonl, ${rows.length} texts, ${elapsed.toFixed(0)} ms)  target: structured F1 ≥ 0.97`,
  );
  console.log('   entity            gold  predicted  precision  recall     F1');
  const total: Counts = { predicted: 0, truePredicted: 0, gold: 0, found: 0 };
  const line = (name: string, entry: Counts): string => {
    const precision = entry.predicted === 0 ? 1 : entry.truePredicted / entry.predicted;
    const recall = entry.gold === 0 ? 1 : entry.found / entry.gold;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return `   ${name.padEnd(16)} ${String(entry.gold).padStart(5)} ${String(entry.predicted).padStart(10)} ${precision.toFixed(3).padStart(10)} ${recall.toFixed(3).padStart(7)} ${f1.toFixed(3).padStart(6)}`;
  };
  for (const entity of STRUCTURED) {
    const entry = getIn(counts, entity);
    console.log(line(entity, entry));
    total.predicted += entry.predicted;
    total.truePredicted += entry.truePredicted;
    total.gold += entry.gold;
    total.found += entry.found;
  }
  console.log(line('structured (micro)', total));
  for (const entity of OTHER) console.log(line(entity, getIn(counts, entity)));
  for (const [name, map] of [
    ['even rows', halves[0] ?? new Map<string, Counts>()],
    ['odd rows', halves[1] ?? new Map<string, Counts>()],
  ] as const) {
    console.log(`   held-out view, ${name}:`);
    const sum: Counts = { predicted: 0, truePredicted: 0, gold: 0, found: 0 };
    for (const entity of STRUCTURED) {
      const entry = getIn(map, entity);
      console.log(line(entity, entry));
      for (const key of Object.keys(sum) as (keyof Counts)[]) sum[key] += entry[key];
    }
    console.log(line('structured (micro)', sum));
  }
  console.log('   PERSON, LOCATION and other NER entities: not covered (no model configured).');
}

type SecretOutcome = { row: SecretRow; index: number; flagged: boolean; valueHit: boolean; rules: string[] };
type Rate = { positives: number; found: number; negatives: number; flagged: number };

const rate = (): Rate => ({ positives: 0, found: 0, negatives: 0, flagged: 0 });
const add = (into: Rate, positive: boolean, flagged: boolean): void => {
  if (positive) {
    into.positives++;
    if (flagged) into.found++;
  } else {
    into.negatives++;
    if (flagged) into.flagged++;
  }
};
const describeRate = (name: string, value: Rate): string => {
  const recall = value.positives === 0 ? 1 : value.found / value.positives;
  const fpr = value.negatives === 0 ? 0 : value.flagged / value.negatives;
  return `   ${name.padEnd(34)} recall ${recall.toFixed(3)} (${value.found}/${value.positives})  FPR ${fpr.toFixed(3)} (${value.flagged}/${value.negatives})`;
};

/**
 * secrets.jsonl rows are CredSweeper candidates: one row per (line, rule, value), label 1 when the
 * candidate is a credential. A line can therefore appear several times, e.g. a JWT line as a positive
 * "Azure Access Token" and as a negative "Grafana API key" candidate. Three views:
 * - per row (the original measure): the row counts as flagged when anything on its line is reported;
 * - per distinct line: a line is positive when any candidate on it is a credential (what a monitor
 *   that reports lines can be asked for; the row view counts those duplicate negatives as false
 *   positives whatever the detector does);
 * - per row, value: flagged only when a reported span overlaps the labelled value.
 * Each is also printed on even and odd rows (a line belongs to the split of its first row), so rules
 * tuned on one half can be checked on the other.
 */
function evaluateSecrets(directory: string): void {
  const detector = createSecretDetector();
  const rows = readJsonl<SecretRow>(join(directory, 'secrets.jsonl'));
  const outcomes: SecretOutcome[] = rows.map((row, index) => {
    const hits = detector.detectSegment?.(segment(row.line), context) ?? [];
    const valueStart = row.value.length > 0 ? row.line.indexOf(row.value) : -1;
    const valueEnd = valueStart + row.value.length;
    const valueHit =
      valueStart >= 0 &&
      hits.some((hit) => (hit.location.start ?? 0) < valueEnd && valueStart < (hit.location.end ?? 0));
    return { row, index, flagged: hits.length > 0, valueHit, rules: hits.map((hit) => hit.entity ?? '') };
  });
  const views = { all: rate(), even: rate(), odd: rate() };
  const values = { all: rate(), even: rate(), odd: rate() };
  for (const outcome of outcomes) {
    const half = outcome.index % 2 === 0 ? views.even : views.odd;
    const valueHalf = outcome.index % 2 === 0 ? values.even : values.odd;
    for (const into of [views.all, half]) add(into, outcome.row.label === 1, outcome.flagged);
    for (const into of [values.all, valueHalf]) add(into, outcome.row.label === 1, outcome.valueHit);
  }
  const lines = new Map<string, { first: number; positive: boolean; flagged: boolean }>();
  for (const outcome of outcomes) {
    const entry = lines.get(outcome.row.line);
    if (entry === undefined)
      lines.set(outcome.row.line, {
        first: outcome.index,
        positive: outcome.row.label === 1,
        flagged: outcome.flagged,
      });
    else entry.positive ||= outcome.row.label === 1;
  }
  const distinct = { all: rate(), even: rate(), odd: rate() };
  for (const entry of lines.values()) {
    for (const into of [distinct.all, entry.first % 2 === 0 ? distinct.even : distinct.odd])
      add(into, entry.positive, entry.flagged);
  }
  console.log(
    `\n== Secrets (secrets.jsonl, ${rows.length} rows, ${lines.size} distinct lines)  target: recall ≥ 0.95 at FPR ≤ 0.10`,
  );
  console.log(
    '   (per row counts a rejected candidate on a line that also holds a labelled credential as a false\n' +
      '    positive whatever a line detector does; per distinct line does not; the flagged rows are listed below)',
  );
  for (const [name, view] of [
    ['per distinct line', distinct],
    ['per row (line flagged)', views],
    ['per row (labelled value hit)', values],
  ] as const) {
    console.log(describeRate(`${name}, all`, view.all));
    console.log(describeRate(`${name}, even rows`, view.even));
    console.log(describeRate(`${name}, odd rows`, view.odd));
  }
  const byCategory = new Map<string, Rate>();
  for (const outcome of outcomes) {
    const entry = byCategory.get(outcome.row.rule) ?? rate();
    add(entry, outcome.row.label === 1, outcome.flagged);
    byCategory.set(outcome.row.rule, entry);
  }
  console.log('   per dataset category (per row):');
  for (const [category, entry] of [...byCategory.entries()].sort((left, right) =>
    left[0].localeCompare(right[0]),
  ))
    console.log(
      `     ${category.padEnd(36)} positives ${entry.found}/${entry.positives} found, negatives ${entry.flagged}/${entry.negatives} flagged`,
    );
  const byRule = new Map<string, { positive: number; negative: number }>();
  for (const outcome of outcomes)
    for (const rule of new Set(outcome.rules)) {
      const entry = byRule.get(rule) ?? { positive: 0, negative: 0 };
      if (outcome.row.label === 1) entry.positive++;
      else entry.negative++;
      byRule.set(rule, entry);
    }
  console.log('   per detector rule (rows where it fired: on positives / on negatives):');
  console.log(
    `     ${[...byRule.entries()]
      .sort((left, right) => right[1].positive + right[1].negative - left[1].positive - left[1].negative)
      .map(([rule, entry]) => `${rule} ${entry.positive}/${entry.negative}`)
      .join(', ')}`,
  );
  const missed = outcomes.filter((outcome) => outcome.row.label === 1 && !outcome.flagged);
  const falsePositives = outcomes.filter((outcome) => outcome.row.label === 0 && outcome.flagged);
  console.log(
    `   missed rows: ${missed.map((outcome) => `#${outcome.index} ${outcome.row.rule}`).join(', ') || 'none'}`,
  );
  console.log(
    `   flagged negative rows: ${falsePositives.map((outcome) => `#${outcome.index} ${outcome.row.rule} (${outcome.rules.join('+')}${lines.get(outcome.row.line)?.positive === true ? ', line has a positive' : ''})`).join(', ') || 'none'}`,
  );
}

/**
 * Held-out false alarms: texts of the other development sets (user prompts, e-mails, PII records,
 * banking and assistant utterances) hold no credentials, and none of them was used to write the rules.
 */
function evaluateSecretFalseAlarms(directory: string): void {
  const detector = createSecretDetector();
  const files: Array<[string, (row: Record<string, unknown>) => unknown]> = [
    ['injection.jsonl', (row) => row.text],
    ['indirect_injection.jsonl', (row) => row.document],
    ['pii.jsonl', (row) => row.text],
    ['topics_dev.jsonl', (row) => row.text],
  ];
  console.log('   false alarms on texts of the other dev sets (no credentials in them):');
  for (const [file, textOf] of files) {
    let rows: Record<string, unknown>[];
    try {
      rows = readJsonl<Record<string, unknown>>(join(directory, file));
    } catch {
      continue;
    }
    const rules = new Map<string, number>();
    let flagged = 0;
    for (const row of rows) {
      const text = textOf(row);
      if (typeof text !== 'string') continue;
      const hits = detector.detectSegment?.(segment(text), context) ?? [];
      if (hits.length > 0) flagged++;
      for (const hit of hits) rules.set(hit.entity ?? '', (rules.get(hit.entity ?? '') ?? 0) + 1);
    }
    const detail = [...rules.entries()].map(([rule, count]) => `${rule} ${count}`).join(', ');
    console.log(
      `     ${file.padEnd(26)} ${flagged}/${rows.length} texts flagged${detail ? ` (${detail})` : ''}`,
    );
  }
}

const directory = devDataDirectory();
evaluatePii(directory);
evaluateSecrets(directory);
evaluateSecretFalseAlarms(directory);
