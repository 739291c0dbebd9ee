import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DetectionResultLine, type TelemetryEventInputShape } from '@argus/contracts';
import {
  DEFAULT_DIRECT_THRESHOLD,
  DEFAULT_INDIRECT_THRESHOLD,
  INDIRECT_INJECTION_DETECTOR_ID,
  INJECTION_DETECTOR_ID,
  detectorSettings,
  loadDetectionPolicy,
  resolveAppPolicy,
} from '@argus/detectors';
import {
  devDataDirectory,
  directSamples,
  documentSamples,
  extraBenignSamples,
  nonEmptyLines,
} from './dev-data';
import { rocAuc, thresholdForFalsePositiveRate } from './logistic';

/**
 * `make eval` / `npm run eval`: runs `bin/argus detect` over the development sets and prints recall,
 * false-positive rate, ROC AUC and a per-source breakdown, overall and on the held-out half (odd lines;
 * the scoring weights were fitted on even lines, see fit-injection-model.ts).
 *
 * Events: injection.jsonl texts as the user's message; indirect_injection.jsonl e-mails as a retrieved
 * document with the question as the user's message; clean documents are the e-mails recovered from that
 * set and pii.jsonl texts (see dev-data.ts); a fixed subset of topics_dev.jsonl (banking and assistant
 * utterances) as further benign prompts, never used for fitting.
 *
 * Two runs of the same build: with the shipped policy (what is flagged: recall, FPR), and with the
 * injection detectors' report threshold at 0 (a score for every event: ROC AUC). The ranking score of an
 * event is its highest finding score in the category family (direct: prompt_injection, jailbreak;
 * documents: indirect_prompt_injection).
 *
 * Data: ARGUS_DEV_DATA or ../shared/data/dev. ARGUS_EVAL_EXTRA_BENIGN sets the topics_dev subset size
 * (default 3000, 0 to skip).
 */
const ROOT = resolve(__dirname, '..', '..');
const TENANT = 'eval';
const APP = 'eval';
const DIRECT_FAMILY = new Set(['prompt_injection', 'jailbreak']);
const DOCUMENT_FAMILY = new Set(['indirect_prompt_injection']);
const ANY_INJECTION = new Set([...DIRECT_FAMILY, ...DOCUMENT_FAMILY]);

type Labelled = {
  id: string;
  attack: boolean;
  source: string;
  heldOut: boolean;
  event: TelemetryEventInputShape;
};

function baseEvent(id: string): TelemetryEventInputShape {
  return {
    schema_version: '1',
    event_id: id,
    timestamp: '2025-06-02T09:30:00.000Z',
    tenant_id: TENANT,
    app_id: APP,
    operation: 'chat',
  };
}

function userMessage(text: string): NonNullable<TelemetryEventInputShape['input_messages']>[number] {
  return { role: 'user', parts: [{ type: 'text', content: text }] };
}

function directEvents(directory: string, extra: number): Labelled[] {
  const samples = [...directSamples(directory), ...extraBenignSamples(extra, directory)];
  return samples.map((sample) => {
    const id = sample.source.startsWith('topics_dev') ? `topics-${sample.line}` : `injection-${sample.line}`;
    return {
      id,
      attack: sample.attack,
      source: `${sample.source} [${sample.attack ? sample.category : 'benign'}]`,
      heldOut: sample.source.startsWith('topics_dev') || sample.line % 2 === 1,
      event: { ...baseEvent(id), input_messages: [userMessage(sample.text)] },
    };
  });
}

function documentEvents(directory: string): Labelled[] {
  return documentSamples(directory).map((sample, index) => {
    const id = `document-${index}`;
    return {
      id,
      attack: sample.attack,
      source: sample.source,
      heldOut: sample.line % 2 === 1,
      event: {
        ...baseEvent(id),
        operation: 'retrieval',
        input_messages: [userMessage(sample.question)],
        retrieval: [{ document_id: `email-${index}`, content: sample.document, tenant_id: TENANT }],
      },
    };
  });
}

/** Probe sets written for Argus (test/eval/probes/README.md): `attacks-<x>.txt` with `benign-<x>.txt`. */
const PROBE_DIRECTORY = join(ROOT, 'test', 'eval', 'probes');
/** Categories of an alert on a user prompt, whichever detector raised it. */
const ANY_ALERT = new Set([
  'prompt_injection',
  'jailbreak',
  'indirect_prompt_injection',
  'adversarial_input',
]);

function probeEvents(): Labelled[] {
  const events: Labelled[] = [];
  const files = readdirSync(PROBE_DIRECTORY).filter((name) => /^(?:attacks|benign)-[\w-]+\.txt$/.test(name));
  for (const file of files.sort()) {
    const attack = file.startsWith('attacks-');
    const set = file.replace(/^(?:attacks|benign)-|\.txt$/g, '');
    const lines = nonEmptyLines(join(PROBE_DIRECTORY, file));
    lines.forEach((text, line) => {
      const id = `probe-${file}-${line}`;
      events.push({
        id,
        attack,
        source: `probe set ${set} [${attack ? 'attacks' : 'benign'}]`,
        heldOut: false,
        event: { ...baseEvent(id), input_messages: [userMessage(text)] },
      });
    });
  }
  return events;
}

/** How a user pastes a document into their message, the planted instruction riding along. */
const PASTE_FORMS: ReadonlyArray<readonly [string, (question: string, document: string) => string]> = [
  ['question, then the e-mail', (question, document) => `${question}\n\n${document}`],
  ['lead-in with a colon', (_question, document) => `Summarise this e-mail for me:\n${document}`],
  ['e-mail, then the question', (_question, document) => `${document}\n\nWhat is this e-mail about?`],
];

/** The documents of `documentEvents`, pasted by the user into their own message instead of retrieved. */
function pastedDocumentEvents(directory: string): Labelled[] {
  return documentSamples(directory).flatMap((sample, index) =>
    PASTE_FORMS.map(([form, paste], formIndex) => {
      const id = `pasted-${index}-${formIndex}`;
      return {
        id,
        attack: sample.attack,
        source: `${sample.attack ? 'bipia e-mail with planted instruction' : 'clean document'}: ${form}`,
        heldOut: sample.line % 2 === 1,
        event: { ...baseEvent(id), input_messages: [userMessage(paste(sample.question, sample.document))] },
      };
    }),
  );
}

/** Runs the built CLI; returns each event's findings as their highest score per category. */
function detect(events: readonly Labelled[], policyFile: string | undefined, work: string) {
  const input = join(work, 'events.jsonl');
  writeFileSync(input, events.map((labelled) => JSON.stringify(labelled.event)).join('\n') + '\n');
  const args = ['detect', '--input', input, ...(policyFile !== undefined ? ['--config', policyFile] : [])];
  const run = spawnSync(join(ROOT, 'bin', 'argus'), args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`bin/argus detect failed (${run.status}): ${run.stderr}`);
  const byEvent = new Map<string, Map<string, number>>();
  for (const line of run.stdout.split('\n')) {
    if (line.length === 0) continue;
    const result = JSON.parse(line) as DetectionResultLine | { line: number; error: string };
    if ('error' in result) throw new Error(`line ${result.line}: ${result.error}`);
    const categories = new Map<string, number>();
    for (const finding of result.findings)
      categories.set(finding.category, Math.max(categories.get(finding.category) ?? 0, finding.score));
    byEvent.set(result.event_id, categories);
  }
  return byEvent;
}

/** The highest score per event among the categories of `family` (0 when none). */
function familyScores(byEvent: Map<string, Map<string, number>>, family: ReadonlySet<string>) {
  const scores = new Map<string, number>();
  for (const [id, categories] of byEvent) {
    let best = 0;
    for (const [category, score] of categories) if (family.has(category)) best = Math.max(best, score);
    scores.set(id, best);
  }
  return scores;
}

type Metrics = { n: number; attacks: number; recall: number; fpr: number; auc: number };

function metrics(
  events: readonly Labelled[],
  flagged: Map<string, number>,
  ranked: Map<string, number>,
): Metrics {
  const attacks = events.filter((event) => event.attack);
  const benign = events.filter((event) => !event.attack);
  const hit = (event: Labelled) => (flagged.get(event.id) ?? 0) > 0;
  return {
    n: events.length,
    attacks: attacks.length,
    recall: attacks.filter(hit).length / Math.max(1, attacks.length),
    fpr: benign.filter(hit).length / Math.max(1, benign.length),
    auc: rocAuc(
      events.map((event) => ranked.get(event.id) ?? 0),
      events.map((event) => event.attack),
    ),
  };
}

const percent = (value: number) =>
  Number.isNaN(value) ? '   n/a' : `${(value * 100).toFixed(1).padStart(5)}%`;
const auc = (value: number) => (Number.isNaN(value) ? '  n/a' : value.toFixed(4));

/**
 * The ROC operating point at the target false-positive rate: threshold chosen on the benign events of
 * the fitting half (even lines), applied to the held-out half, so the figure is not tuned on itself.
 */
function operatingPoint(events: readonly Labelled[], ranked: Map<string, number>, maxFpr: number): string {
  const core = events.filter((event) => !event.source.startsWith('topics_dev'));
  const fitting = core
    .filter((event) => !event.heldOut && !event.attack)
    .map((event) => ranked.get(event.id) ?? 0);
  const threshold = thresholdForFalsePositiveRate(fitting, maxFpr);
  const flagged = new Map(core.map((event) => [event.id, (ranked.get(event.id) ?? 0) >= threshold ? 1 : 0]));
  const held = metrics(
    core.filter((event) => event.heldOut),
    flagged,
    ranked,
  );
  const all = metrics(core, flagged, ranked);
  return (
    `   at FPR ≤ ${(maxFpr * 100).toFixed(0)}% (threshold ${threshold.toFixed(3)} set on the fitting half): ` +
    `all recall ${percent(all.recall)} FPR ${percent(all.fpr)}; held-out recall ${percent(held.recall)} FPR ${percent(held.fpr)}`
  );
}

function printSet(
  title: string,
  events: readonly Labelled[],
  flagged: Map<string, number>,
  ranked: Map<string, number>,
  target: string,
  maxFpr: number,
) {
  console.log(`\n== ${title}  (target: ${target})`);
  console.log('   split                       events  attacks   recall      FPR   ROC AUC');
  const core = events.filter((event) => !event.source.startsWith('topics_dev'));
  const extra = events.filter((event) => event.source.startsWith('topics_dev'));
  for (const [name, subset] of [
    ['all', core],
    ['held-out (odd lines)', core.filter((event) => event.heldOut)],
    ['fitting half (even lines)', core.filter((event) => !event.heldOut)],
    ...(extra.length > 0 ? ([['+ topics_dev benign (unseen)', extra]] as const) : []),
  ] as const) {
    const m = metrics(subset, flagged, ranked);
    console.log(
      `   ${name.padEnd(26)} ${String(m.n).padStart(7)} ${String(m.attacks).padStart(8)}  ${percent(m.recall)}  ${percent(m.fpr)}   ${auc(m.auc)}`,
    );
  }
  console.log(operatingPoint(events, ranked, maxFpr));
  console.log('   per source                                               events   flagged');
  const sources = [...new Set(events.map((event) => event.source))].sort();
  for (const source of sources) {
    const subset = events.filter((event) => event.source === source);
    const rate = subset.filter((event) => (flagged.get(event.id) ?? 0) > 0).length / subset.length;
    console.log(
      `   ${source.slice(0, 56).padEnd(56)} ${String(subset.length).padStart(7)}   ${percent(rate)}`,
    );
  }
}

function main(): void {
  const directory = devDataDirectory();
  const extra = Number(process.env.ARGUS_EVAL_EXTRA_BENIGN ?? 3000);
  const work = mkdtempSync(join(tmpdir(), 'argus-eval-'));
  try {
    const shipped = resolveAppPolicy(loadDetectionPolicy(), TENANT, APP);
    const thresholdOf = (id: string, fallback: number) => {
      const settings = detectorSettings(shipped, id);
      const threshold = (settings.options as { threshold?: number }).threshold ?? fallback;
      return { enabled: settings.enabled, threshold: Math.max(threshold, settings.min_score) };
    };
    const direct = thresholdOf(INJECTION_DETECTOR_ID, DEFAULT_DIRECT_THRESHOLD);
    const indirect = thresholdOf(INDIRECT_INJECTION_DETECTOR_ID, DEFAULT_INDIRECT_THRESHOLD);

    // Same policy, report threshold 0, so every scanned segment gets a score for the ROC curve.
    const rankingPolicy = join(work, 'ranking-policy.json');
    writeFileSync(
      rankingPolicy,
      JSON.stringify({
        version: 1,
        defaults: {
          detectors: {
            [INJECTION_DETECTOR_ID]: { options: { threshold: 0 } },
            [INDIRECT_INJECTION_DETECTOR_ID]: { options: { threshold: 0 } },
          },
        },
      }),
    );

    const directSet = directEvents(directory, extra);
    const documentSet = documentEvents(directory);
    const pastedSet = pastedDocumentEvents(directory);
    const probeSet = probeEvents();
    const started = Date.now();
    const directShipped = detect(directSet, undefined, work);
    const directFlagged = familyScores(directShipped, DIRECT_FAMILY);
    const directRanked = familyScores(detect(directSet, rankingPolicy, work), DIRECT_FAMILY);
    const documentFlagged = familyScores(detect(documentSet, undefined, work), DOCUMENT_FAMILY);
    const documentRanked = familyScores(detect(documentSet, rankingPolicy, work), DOCUMENT_FAMILY);
    const pastedFlagged = familyScores(detect(pastedSet, undefined, work), ANY_INJECTION);
    const pastedRanked = familyScores(detect(pastedSet, rankingPolicy, work), ANY_INJECTION);
    // An alert on an ordinary prompt is a false positive whichever detector raised it.
    const directPastedFlagged = familyScores(directShipped, DOCUMENT_FAMILY);
    const probeFlagged = familyScores(detect(probeSet, undefined, work), ANY_ALERT);
    const seconds = (Date.now() - started) / 1000;

    console.log(`Argus detection eval — data ${directory}`);
    console.log(
      `shipped policy: injection threshold ${direct.threshold}${direct.enabled ? '' : ' (DISABLED)'}, ` +
        `indirect_injection threshold ${indirect.threshold}${indirect.enabled ? '' : ' (DISABLED)'}; ` +
        `${directSet.length + documentSet.length + pastedSet.length + probeSet.length} events, 7 runs of bin/argus detect in ${seconds.toFixed(1)} s`,
    );
    printSet(
      'Direct prompt injection + jailbreak (user input)',
      directSet,
      directFlagged,
      directRanked,
      'recall ≥ 95% at FPR ≤ 1%',
      0.01,
    );
    printSet(
      'Indirect prompt injection (retrieved documents)',
      documentSet,
      documentFlagged,
      documentRanked,
      'recall ≥ 80% at FPR ≤ 2%',
      0.02,
    );
    printSet(
      'Documents pasted into user input (any injection finding)',
      pastedSet,
      pastedFlagged,
      pastedRanked,
      'none in the issue; reported',
      0.02,
    );
    const benignPrompts = directSet.filter((event) => !event.attack);
    const pastedAlerts = benignPrompts.filter((event) => (directPastedFlagged.get(event.id) ?? 0) > 0);
    console.log(
      `   benign dev prompts with an indirect_prompt_injection finding (pasted-document scan): ` +
        `${pastedAlerts.length} of ${benignPrompts.length}`,
    );
    console.log('\n== Probe sets written for Argus (test/eval/probes; any injection or adversarial finding)');
    console.log(
      '   Only a first, untouched measurement of a set estimates unseen text; see the README there.',
    );
    console.log('   set                                   prompts   flagged');
    const probeSources = [...new Set(probeSet.map((event) => event.source))].sort();
    for (const source of probeSources) {
      const subset = probeSet.filter((event) => event.source === source);
      const flagged = subset.filter((event) => (probeFlagged.get(event.id) ?? 0) > 0).length;
      console.log(
        `   ${source.padEnd(38)} ${String(subset.length).padStart(7)}   ${percent(flagged / subset.length)}  (${flagged})`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
