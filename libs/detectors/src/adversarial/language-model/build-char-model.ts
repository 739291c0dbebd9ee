import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHARACTER_CLASSES, CLASS_COUNT, SKIPPED, SPACE_CLASS, characterClass } from './char-classes';
import { type CharModelFile, MODEL_FORMAT, MODEL_SCALE } from './char-model.format';

/**
 * Builds `char-model.data.json`, the character trigram model of natural English text the adversarial-suffix
 * and encoded-payload detectors score text against. Run from the repository root:
 *
 *   npm run model:char -- [--topics FILE] [--opticks FILE] [--out FILE]
 *
 * Sources (see NOTICE.md beside this file for provenance and licences):
 * - `--topics`: topics_dev.jsonl of the shared development data (BANKING77, CC-BY-4.0; CLINC150,
 *   CC-BY-3.0): short everyday user utterances. Default `../shared/data/dev/topics_dev.jsonl`.
 * - `--opticks`: Isaac Newton's "Opticks" (1730), a public-domain Project Gutenberg text that the Go
 *   distribution ships as `src/testdata/Isaac.Newton-Opticks.txt`: long-form English prose.
 *   Default `$GOROOT/src/testdata/…`, GOROOT defaulting to /usr/local/go.
 *
 * Counts of class trigrams are smoothed by Witten-Bell interpolation (trigram → bigram → unigram →
 * uniform), so every trigram has a finite cost; costs are −log2 P in 1/`MODEL_SCALE` bit steps, one
 * byte each. The output is deterministic for the same inputs.
 */

type Source = { name: string; path: string; licence: string; units: string[] };

function main(argv: readonly string[]): void {
  const argument = (name: string, fallback: string) => {
    const index = argv.indexOf(name);
    return index >= 0 && argv[index + 1] !== undefined ? argv[index + 1] : fallback;
  };
  const goRoot = process.env.GOROOT ?? '/usr/local/go';
  const topicsPath = resolve(argument('--topics', join('..', 'shared', 'data', 'dev', 'topics_dev.jsonl')));
  const opticksPath = resolve(
    argument('--opticks', join(goRoot, 'src', 'testdata', 'Isaac.Newton-Opticks.txt')),
  );
  const outPath = resolve(
    argument(
      '--out',
      join('libs', 'detectors', 'src', 'adversarial', 'language-model', 'char-model.data.json'),
    ),
  );

  const sources: Source[] = [
    {
      name: 'BANKING77 and CLINC150 utterances (topics_dev.jsonl)',
      path: topicsPath,
      licence: 'CC-BY-4.0 (BANKING77, PolyAI) and CC-BY-3.0 (CLINC150, clinc/oos-eval)',
      units: readJsonLines(topicsPath),
    },
    {
      name: 'Isaac Newton, Opticks (1730), Project Gutenberg text shipped in the Go distribution',
      path: opticksPath,
      licence: 'public domain',
      units: readParagraphs(opticksPath),
    },
  ];
  const model = train(sources);
  writeFileSync(outPath, `${JSON.stringify(model, null, 2)}\n`);
  process.stdout.write(
    `wrote ${outPath}: ${model.trained_characters} characters from ${sources.length} sources\n`,
  );
}

function readJsonLines(path: string): string[] {
  const units: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as { text?: unknown };
    if (typeof record.text === 'string') units.push(record.text);
  }
  return units;
}

/** Paragraphs of a plain-text book; `_` marks italics in Gutenberg texts and is dropped. */
function readParagraphs(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/_/g, '').replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0);
}

function train(sources: readonly Source[]): CharModelFile {
  const k = CLASS_COUNT;
  const unigrams = new Float64Array(k);
  const bigrams = new Float64Array(k * k);
  const trigrams = new Float64Array(k * k * k);
  let trained = 0;
  for (const source of sources) {
    for (const unit of source.units) {
      let a = SPACE_CLASS;
      let b = SPACE_CLASS;
      const step = (c: number) => {
        unigrams[c]++;
        bigrams[b * k + c]++;
        trigrams[(a * k + b) * k + c]++;
        a = b;
        b = c;
        trained++;
      };
      for (let index = 0; index < unit.length; index++) {
        const c = characterClass(unit.charCodeAt(index));
        if (c === SKIPPED || (c === SPACE_CLASS && b === SPACE_CLASS)) continue;
        step(c);
      }
      if (b !== SPACE_CLASS) step(SPACE_CLASS);
    }
  }

  const uniform = 1 / k;
  const unigramProbability = new Float64Array(k);
  {
    let total = 0;
    let types = 0;
    for (let c = 0; c < k; c++) {
      total += unigrams[c];
      if (unigrams[c] > 0) types++;
    }
    for (let c = 0; c < k; c++) unigramProbability[c] = (unigrams[c] + types * uniform) / (total + types);
  }
  const bigramProbability = new Float64Array(k * k);
  for (let b = 0; b < k; b++) {
    let total = 0;
    let types = 0;
    for (let c = 0; c < k; c++) {
      total += bigrams[b * k + c];
      if (bigrams[b * k + c] > 0) types++;
    }
    for (let c = 0; c < k; c++) {
      bigramProbability[b * k + c] =
        total === 0
          ? unigramProbability[c]
          : (bigrams[b * k + c] + types * unigramProbability[c]) / (total + types);
    }
  }
  const costs = new Uint8Array(k * k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const base = (a * k + b) * k;
      let total = 0;
      let types = 0;
      for (let c = 0; c < k; c++) {
        total += trigrams[base + c];
        if (trigrams[base + c] > 0) types++;
      }
      for (let c = 0; c < k; c++) {
        const lower = bigramProbability[b * k + c];
        const probability = total === 0 ? lower : (trigrams[base + c] + types * lower) / (total + types);
        costs[base + c] = Math.min(255, Math.round(-Math.log2(probability) * MODEL_SCALE));
      }
    }
  }

  return {
    format: MODEL_FORMAT,
    order: 3,
    classes: CHARACTER_CLASSES,
    scale: MODEL_SCALE,
    trained_characters: trained,
    sources: sources.map((source) => ({
      name: source.name,
      licence: source.licence,
      sha256: createHash('sha256').update(readFileSync(source.path)).digest('hex'),
      units: source.units.length,
    })),
    costs: Buffer.from(costs).toString('base64'),
  };
}

if (require.main === module) main(process.argv.slice(2));
