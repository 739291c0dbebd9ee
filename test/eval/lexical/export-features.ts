/**
 * Exports the lexical model's training and validation rows as JSON lines for `train.py`:
 * `{split, y, indices, values}`, features computed by the shipped `lexicalFeatures`.
 *
 * Training: the even lines of the dev direct set (../shared/data/dev, attribution in its SOURCES.md),
 * probe sets a–d (test/eval/probes, written for Argus), and the shipped exemplars. Validation: the odd
 * dev lines, 3,000 topics_dev prompts, and any further probe files named on the command line.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ATTACK_EXEMPLARS, BENIGN_EXEMPLARS } from '../../../libs/detectors/src/injection/exemplar.index';
import { lexicalFeatures } from '../../../libs/detectors/src/injection/lexical/lexical-features';
import { directSamples, extraBenignSamples, nonEmptyLines as lines } from '../dev-data';

const ROOT = resolve(__dirname, '..', '..', '..');
const PROBES = join(ROOT, 'test', 'eval', 'probes');
const TRAINING_PROBE_SETS = (process.env.LEXICAL_TRAINING_SETS ?? 'a,b,c,d').split(',');

type Row = { split: string; y: 0 | 1; text: string };

function rows(validationFiles: readonly string[]): Row[] {
  const all: Row[] = [];
  for (const sample of directSamples()) {
    all.push({
      split: sample.line % 2 === 0 ? 'train' : 'dev_odd',
      y: sample.attack ? 1 : 0,
      text: sample.text,
    });
  }
  for (const sample of extraBenignSamples(3000)) all.push({ split: 'topics', y: 0, text: sample.text });
  for (const set of TRAINING_PROBE_SETS) {
    for (const text of lines(join(PROBES, `attacks-${set}.txt`))) all.push({ split: 'train', y: 1, text });
    for (const text of lines(join(PROBES, `benign-${set}.txt`))) all.push({ split: 'train', y: 0, text });
  }
  for (const exemplar of ATTACK_EXEMPLARS) all.push({ split: 'train', y: 1, text: exemplar.text });
  for (const exemplar of BENIGN_EXEMPLARS) all.push({ split: 'train', y: 0, text: exemplar.text });
  for (const file of validationFiles) {
    const attack = /attacks/.test(file) ? 1 : 0;
    for (const text of lines(file)) all.push({ split: `validation:${file}`, y: attack, text });
  }
  return all;
}

const output = process.argv[2] ?? '/tmp/lexical-features.jsonl';
const exported = rows(process.argv.slice(3)).map((row) => {
  const { indices, values } = lexicalFeatures(row.text);
  return JSON.stringify({ split: row.split, y: row.y, indices: [...indices], values: [...values] });
});
writeFileSync(output, exported.join('\n') + '\n');
console.log(`${exported.length} rows → ${output}`);
