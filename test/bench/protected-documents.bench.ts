import { ProtectedDocumentIndex } from '@argus/detectors';
import { distribution, formatNumber } from './stats';

/**
 * Memory and lookup time of the protected-document index with many registered documents, one thread:
 *
 *   node --expose-gc -r ./test/bench/ts-register.js test/bench/protected-documents.bench.ts
 *
 * Registers BENCH_PROTECTED_DOCUMENTS (default 100,000) synthetic documents of ~2 KB (distinct
 * pseudo-word prose), then matches BENCH_PROTECTED_LOOKUPS (2,000) outputs of ~2 KB: half benign, half
 * quoting 60 words of a registered document. Prints heap and typed-array memory after the build
 * (with --expose-gc, after a collection) and lookup latency. Targets: ≥ 1,000 lookups/s; memory within
 * the budget documented in libs/detectors/README.md (≤ 150 MiB for 100k documents).
 */
const DOCUMENTS = Number(process.env['BENCH_PROTECTED_DOCUMENTS'] ?? 100_000);
const LOOKUPS = Number(process.env['BENCH_PROTECTED_LOOKUPS'] ?? 2_000);
const MIN_WORDS = 50;

const SYLLABLES = [
  'ka',
  'ro',
  'mi',
  'ten',
  'sol',
  'ar',
  've',
  'lun',
  'do',
  'pri',
  'sa',
  'ne',
  'tor',
  'fi',
  'mel',
  'gu',
];
const VOCABULARY = Array.from({ length: 4096 }, (_, index) => {
  const first = SYLLABLES[index & 15] ?? '';
  const second = SYLLABLES[(index >> 4) & 15] ?? '';
  const third = SYLLABLES[(index >> 8) & 15] ?? '';
  return `${first}${second}${third}`;
});

/** murmur3's finaliser: a bijection on 32 bits with good avalanche. */
function mix(value: number): number {
  let hash = value;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** ~2 KB of prose per seed: each word a hash of (seed, position), so documents are independent. */
function documentText(seed: number, bytes = 2048): string {
  const stream = mix(seed + 0x9e3779b9);
  const words: string[] = [];
  let length = 0;
  for (let position = 0; length < bytes; position++) {
    const word = VOCABULARY[mix(stream ^ mix(position + 1)) >>> 20] ?? 'x';
    words.push(word);
    length += word.length + 1;
  }
  return words.join(' ');
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const collect = () => (globalThis as { gc?: () => void }).gc?.();

function main(): void {
  collect();
  const before = process.memoryUsage();
  const index = new ProtectedDocumentIndex({
    minWords: MIN_WORDS,
    boilerplateShare: 0.01,
    boilerplateMinDocuments: 5,
  });
  const started = process.hrtime.bigint();
  for (let seed = 0; seed < DOCUMENTS; seed++) {
    index.add({ document_id: `doc-${seed}`, title: `Document ${seed}`, text: documentText(seed) });
  }
  index.freeze();
  const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
  collect();
  const after = process.memoryUsage();

  const outputs = Array.from({ length: LOOKUPS }, (_, position) => {
    if (position % 2 === 0) return documentText(DOCUMENTS + 1_000_000 + position);
    const source = documentText((position * 7919) % DOCUMENTS).split(' ');
    return `${documentText(position + 5_000_000, 1000)} ${source.slice(80, 140).join(' ')} ${documentText(position + 6_000_000, 800)}`;
  });
  let found = 0;
  const latencies: number[] = [];
  for (const output of outputs) index.match(output, 50_000); // warm-up
  for (const output of outputs) {
    const start = process.hrtime.bigint();
    found += index.match(output, 50_000).length > 0 ? 1 : 0;
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const stats = distribution(latencies);
  const totalMs = latencies.reduce((sum, value) => sum + value, 0);

  console.log(
    `protected documents: ${formatNumber(DOCUMENTS)} of ~2 KB, min_words ${MIN_WORDS} (k=${index.parameters.k}, w=${index.parameters.w})`,
  );
  console.log(
    `  build            ${formatNumber(Math.round(buildMs))} ms, ${formatNumber(index.entries)} indexed (fingerprint, document) pairs`,
  );
  console.log(
    `  heap used        ${mib(after.heapUsed - before.heapUsed)} (after ${mib(after.heapUsed)}, gc ${(globalThis as { gc?: unknown }).gc ? 'forced' : 'not exposed'})`,
  );
  console.log(`  typed arrays     ${mib(after.arrayBuffers - before.arrayBuffers)}`);
  console.log(`  rss              ${mib(after.rss - before.rss)}`);
  console.log(
    `  lookups          ${formatNumber(LOOKUPS)} outputs of ~2 KB, ${found} with a match (expected ${LOOKUPS / 2})`,
  );
  console.log(
    `  lookup latency   p50 ${stats.p50.toFixed(3)} ms, p99 ${stats.p99.toFixed(3)} ms, ${formatNumber(Math.round((LOOKUPS / totalMs) * 1000))} lookups/s`,
  );
}

main();
