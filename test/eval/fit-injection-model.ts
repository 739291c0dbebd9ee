import { writeFileSync } from 'node:fs';
import { createHashingEmbedder } from '@argus/embeddings';
import { ExemplarIndex } from '../../libs/detectors/src/injection/exemplar.index';
import {
  FEATURE_NAMES,
  type FeatureName,
  type Features,
  InjectionAnalyser,
} from '../../libs/detectors/src/injection/injection.analyser';
import {
  DIRECT_MODEL,
  INDIRECT_MODEL,
  type ScoringModel,
  scoreFeatures,
} from '../../libs/detectors/src/injection/injection.model';
import { DIRECT_RULES } from '../../libs/detectors/src/injection/rules/direct.rules';
import { INDIRECT_RULES } from '../../libs/detectors/src/injection/rules/indirect.rules';
import { directSamples, documentSamples, extraBenignSamples } from './dev-data';
import { fitLogistic, rocAuc, thresholdForFalsePositiveRate } from './logistic';

/**
 * Fits the injection detectors' logistic weights on the even lines of the development sets and reports
 * them on the odd lines (held out), next to the shipped weights. Prints; changes nothing. Run:
 *   node -r ./test/bench/ts-register.js test/eval/fit-injection-model.ts [l2]
 */
const l2 = Number(process.argv[2] ?? '5');
const index = new ExemplarIndex(createHashingEmbedder());
const direct = new InjectionAnalyser(DIRECT_RULES, index);
const indirect = new InjectionAnalyser([...DIRECT_RULES, ...INDIRECT_RULES], index);
const options = { maxScanCharacters: 16_384, similarity: true };

type Row = { features: Features; attack: boolean; train: boolean; source: string; text: string };
const vector = (features: Features) => FEATURE_NAMES.map((name) => features[name]);

const directRows: Row[] = directSamples().map((sample) => ({
  features: direct.analyse(sample.text, options).features,
  attack: sample.attack,
  train: sample.line % 2 === 0,
  source: sample.source,
  text: sample.text,
}));
const extraRows: Row[] = extraBenignSamples(3000).map((sample) => ({
  features: direct.analyse(sample.text, options).features,
  attack: false,
  train: false,
  source: sample.source,
  text: sample.text,
}));
const documentRows: Row[] = documentSamples().map((sample) => ({
  features: indirect.analyse(sample.document, { ...options, offTask: { userText: sample.question } })
    .features,
  attack: sample.attack,
  train: sample.line % 2 === 0,
  source: sample.source,
  text: sample.document,
}));

function report(
  name: string,
  model: ScoringModel,
  rows: Row[],
  extra: Row[],
  maxFpr: number,
  threshold?: number,
) {
  const score = (row: Row) => scoreFeatures(row.features, model).score;
  const train = rows.filter((row) => row.train);
  const test = rows.filter((row) => !row.train);
  const chosen =
    threshold ?? thresholdForFalsePositiveRate(train.filter((row) => !row.attack).map(score), maxFpr);
  const line = (label: string, set: Row[]) => {
    const scores = set.map(score);
    const positives = set.filter((row) => row.attack);
    const negatives = set.filter((row) => !row.attack);
    const recall = positives.filter((row) => score(row) >= chosen).length / Math.max(1, positives.length);
    const fpr = negatives.filter((row) => score(row) >= chosen).length / Math.max(1, negatives.length);
    const auc = rocAuc(
      scores,
      set.map((row) => row.attack),
    );
    return `  ${label.padEnd(10)} n=${String(set.length).padStart(5)} recall=${recall.toFixed(3)} fpr=${fpr.toFixed(4)} auc=${auc.toFixed(4)}`;
  };
  console.log(`${name}: threshold ${chosen.toFixed(3)}`);
  console.log(line('train', train));
  console.log(line('held-out', test));
  if (extra.length > 0) {
    const fp = extra.filter((row) => score(row) >= chosen);
    console.log(`  extra benign (held out) n=${extra.length} fpr=${(fp.length / extra.length).toFixed(4)}`);
    for (const row of fp.slice(0, 5))
      console.log(`    FP ${score(row).toFixed(2)} ${row.text.slice(0, 100)}`);
  }
  return chosen;
}

/**
 * Weights set by hand for text the development sets under-represent, kept as shipped by the fit: role-play
 * requests are everyday prompts (a persona alone must not alert), and e-mails and help articles address
 * their reader as "you". Fitting them freely buys recall on role-play rows that are no attack (a game
 * master, a celebrity chef persona) with false positives on unseen role-play.
 */
const HAND_SET: Readonly<Record<'direct' | 'documents', ReadonlySet<FeatureName>>> = {
  direct: new Set<FeatureName>(['persona']),
  documents: new Set<FeatureName>(['persona', 'second_person']),
};
/** A penalty this large keeps a weight at its prior (to well under the 0.01 the weights are rounded to). */
const PINNED = 1e6;

/** Balanced classes (scores read as odds with equal priors), weights pulled towards the shipped ones. */
function fit(rows: Row[], prior: ScoringModel, pinned: ReadonlySet<FeatureName>): ScoringModel {
  const train = rows.filter((row) => row.train);
  const attacks = train.filter((row) => row.attack).length;
  const balance = (row: Row) =>
    row.attack ? train.length / (2 * attacks) : train.length / (2 * (train.length - attacks));
  const result = fitLogistic(
    train.map((row) => vector(row.features)),
    train.map((row) => (row.attack ? 1 : 0)),
    FEATURE_NAMES.map((name) => (pinned.has(name) ? PINNED : l2)),
    train.map(balance),
    FEATURE_NAMES.map((name) => prior.weights[name]),
  );
  const weights = Object.fromEntries(
    FEATURE_NAMES.map((name, k) => [name, Math.round(result.weights[k] * 100) / 100]),
  );
  return { bias: Math.round(result.bias * 100) / 100, weights: weights as ScoringModel['weights'] };
}

const fittedDirect = fit(directRows, DIRECT_MODEL, HAND_SET.direct);
const fittedIndirect = fit(documentRows, INDIRECT_MODEL, HAND_SET.documents);
console.log('fitted direct model', JSON.stringify(fittedDirect));
console.log('fitted indirect model', JSON.stringify(fittedIndirect));
if (process.env.DUMP) {
  const dump = (model: ScoringModel, rows: Row[]) =>
    rows.map((row) => ({
      score: scoreFeatures(row.features, model).score,
      attack: row.attack,
      train: row.train,
      source: row.source,
      text: row.text.slice(0, 400),
      features: Object.fromEntries(Object.entries(row.features).filter(([, value]) => value > 0)),
    }));
  writeFileSync(
    process.env.DUMP,
    JSON.stringify({
      direct: dump(fittedDirect, [...directRows, ...extraRows]),
      documents: dump(fittedIndirect, documentRows),
    }),
  );
}
report('direct, shipped weights, at 0.5', DIRECT_MODEL, directRows, extraRows, 0.01, 0.5);
report('direct, shipped weights, threshold for train FPR<=1%', DIRECT_MODEL, directRows, extraRows, 0.01);
report('direct, fitted, threshold for train FPR<=1%', fittedDirect, directRows, extraRows, 0.01);
report('indirect, shipped weights, at 0.5', INDIRECT_MODEL, documentRows, [], 0.02, 0.5);
report('indirect, shipped weights, threshold for train FPR<=2%', INDIRECT_MODEL, documentRows, [], 0.02);
report('indirect, fitted, threshold for train FPR<=2%', fittedIndirect, documentRows, [], 0.02);

// Feature means by class, to see what each signal does.
for (const [name, rows] of [
  ['direct', directRows],
  ['documents', documentRows],
] as const) {
  console.log(`${name} feature means (attack / benign):`);
  for (const feature of FEATURE_NAMES) {
    const mean = (set: Row[]) =>
      set.reduce((sum, row) => sum + row.features[feature], 0) / Math.max(1, set.length);
    const attack = mean(rows.filter((row) => row.attack));
    const benign = mean(rows.filter((row) => !row.attack));
    if (attack > 0 || benign > 0)
      console.log(`  ${feature.padEnd(22)} ${attack.toFixed(3)} / ${benign.toFixed(3)}`);
  }
}
