#!/usr/bin/env node
// Writes the tiny generated test models (see README.md here). Runs the TypeScript source through the
// same SWC hook as the benchmarks, so it needs no build.
//   node deploy/models/generate-tiny-model.js [--task feature-extraction|text-classification|token-classification]
//        [--dimensions 32] [--seed 1] [--out DIR]
'use strict';
const { join, resolve } = require('node:path');
require('../../test/bench/ts-register.js');
const { writeTinyModel } = require('../../libs/embeddings/src/tiny-model/tiny-model.writer.ts');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
};
const task = option('task', 'feature-extraction');
const out = resolve(option('out', join('.argus', 'models', `argus-tiny-${task}`)));
const model = writeTinyModel(out, {
  task,
  dimensions: Number(option('dimensions', '32')),
  seed: Number(option('seed', '1')),
});
process.stdout.write(
  `${JSON.stringify({ directory: model.directory, task: model.task, dimensions: model.dimensions, vocabulary: model.vocabularySize, labels: model.labels })}\n`,
);
