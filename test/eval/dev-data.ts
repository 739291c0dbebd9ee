import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The development sets (../shared/data/dev/, override with ARGUS_DEV_DATA) turned into labelled
 * samples. Lines are numbered from 0 in file order so a split by line parity is reproducible.
 */
export type DirectSample = {
  line: number;
  text: string;
  attack: boolean;
  /** jailbreak | prompt_injection | benign */
  category: string;
  source: string;
};

export type DocumentSample = {
  line: number;
  document: string;
  question: string;
  attack: boolean;
  source: string;
};

export function devDataDirectory(): string {
  const configured = process.env.ARGUS_DEV_DATA;
  const directory = resolve(configured ?? join(__dirname, '..', '..', '..', 'shared', 'data', 'dev'));
  if (!existsSync(join(directory, 'injection.jsonl'))) {
    throw new Error(`development data not found in ${directory} (set ARGUS_DEV_DATA to its directory)`);
  }
  return directory;
}

/** The lines of a text file that hold something (probe sets, JSON lines). */
export function nonEmptyLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0);
}

function readJsonl<T>(file: string): T[] {
  return nonEmptyLines(file).map((line) => JSON.parse(line) as T);
}

/** injection.jsonl: user prompts, attacks (jailbreak, prompt_injection) and benign. */
export function directSamples(directory = devDataDirectory()): DirectSample[] {
  type Row = { text: string; label: string; category: string; source: string };
  return readJsonl<Row>(join(directory, 'injection.jsonl')).map((row, line) => ({
    line,
    text: row.text,
    attack: row.label === 'attack',
    category: row.category,
    source: row.source,
  }));
}

/**
 * Extra benign user prompts: a fixed, evenly spaced subset of topics_dev.jsonl (banking77 and CLINC150
 * utterances). Never used for fitting; reported as their own source.
 */
export function extraBenignSamples(count: number, directory = devDataDirectory()): DirectSample[] {
  const file = join(directory, 'topics_dev.jsonl');
  if (!existsSync(file)) return [];
  type Row = { text: string; corpus: string };
  const rows = readJsonl<Row>(file);
  const step = Math.max(1, Math.floor(rows.length / count));
  const samples: DirectSample[] = [];
  for (let index = 0; index < rows.length && samples.length < count; index += step) {
    samples.push({
      line: index,
      text: rows[index].text,
      attack: false,
      category: 'benign',
      source: `topics_dev/${rows[index].corpus} (held out)`,
    });
  }
  return samples;
}

type IndirectRow = { question: string; document: string; label: string; bipia_category?: string };

/**
 * Documents: indirect_injection.jsonl (all attacks: e-mails with a planted instruction), the clean
 * e-mails recovered from it, and pii.jsonl texts as further clean documents.
 *
 * The set has no clean documents of its own. Several rows carry the same e-mail with different planted
 * instructions; comparing two of them word by word shows the one block that differs, and removing it
 * gives the clean e-mail (only when exactly one contiguous block differs).
 */
export function documentSamples(directory = devDataDirectory()): DocumentSample[] {
  const rows = readJsonl<IndirectRow>(join(directory, 'indirect_injection.jsonl'));
  const samples: DocumentSample[] = rows.map((row, line) => ({
    line,
    document: row.document,
    question: row.question,
    attack: row.label === 'attack',
    source: `bipia/${row.bipia_category ?? 'unknown'}`,
  }));
  const clean = new Map<string, { question: string; line: number }>();
  rows.forEach((row, line) => {
    const recovered = recoverCleanDocument(row, rows);
    if (recovered !== undefined && !clean.has(recovered))
      clean.set(recovered, { question: row.question, line });
  });
  for (const [document, { question, line }] of clean) {
    samples.push({ line, document, question, attack: false, source: 'bipia/clean e-mail (recovered)' });
  }
  const piiFile = join(directory, 'pii.jsonl');
  if (existsSync(piiFile)) {
    readJsonl<{ text: string }>(piiFile).forEach((row, line) =>
      samples.push({
        line,
        document: row.text,
        question: 'Summarise this record.',
        attack: false,
        source: 'pii.jsonl text as document (clean)',
      }),
    );
  }
  return samples;
}

function tokens(text: string): string[] {
  return text.match(/\S+|\s+/g) ?? [];
}

function recoverCleanDocument(row: IndirectRow, rows: readonly IndirectRow[]): string | undefined {
  const own = tokens(row.document);
  let best: { ratio: number; removed: [number, number] | undefined } | undefined;
  for (const other of rows) {
    if (other === row || other.question !== row.question) continue;
    const diff = differingBlocks(own, tokens(other.document));
    if (best === undefined || diff.ratio > best.ratio) best = diff;
  }
  if (best?.removed === undefined) return undefined;
  const [start, end] = best.removed;
  const removed = own.slice(start, end).join('');
  if (removed.length > 0.6 * row.document.length) return undefined;
  return [...own.slice(0, start), ...own.slice(end)].join('');
}

/** Longest-common-subsequence alignment of two token lists: the share aligned, and the single non-blank block of `left` left over. */
function differingBlocks(
  left: string[],
  right: string[],
): { ratio: number; removed: [number, number] | undefined } {
  const rows = left.length + 1;
  const columns = right.length + 1;
  const table = new Uint16Array(rows * columns);
  for (let i = left.length - 1; i >= 0; i--) {
    for (let j = right.length - 1; j >= 0; j--) {
      table[i * columns + j] =
        left[i] === right[j]
          ? table[(i + 1) * columns + j + 1] + 1
          : Math.max(table[(i + 1) * columns + j], table[i * columns + j + 1]);
    }
  }
  const kept = new Uint8Array(left.length);
  for (let i = 0, j = 0; i < left.length && j < right.length;) {
    if (left[i] === right[j]) {
      kept[i] = 1;
      i++;
      j++;
    } else if (table[(i + 1) * columns + j] >= table[i * columns + j + 1]) i++;
    else j++;
  }
  const blocks: Array<[number, number]> = [];
  for (let i = 0; i < left.length;) {
    if (kept[i] === 1) {
      i++;
      continue;
    }
    const start = i;
    while (i < left.length && kept[i] === 0) i++;
    if (left.slice(start, i).join('').trim().length > 0) blocks.push([start, i]);
  }
  const ratio = (2 * table[0]) / Math.max(1, left.length + right.length);
  return { ratio, removed: blocks.length === 1 ? blocks[0] : undefined };
}
