// Runs the TypeScript benchmark straight from source: SWC transpiles each .ts file as it is required (the
// same settings jest uses, see jest.config.js) and the @argus/* path aliases resolve to the sources.
// Type-checking is separate (`tsc -p tsconfig.bench.json`, run by `npm run bench` first). Not compiled to
// an outDir because test/support/argus-process.ts finds the built Argus relative to its own location.
'use strict';
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '..', '..');
const aliases = [
  [/^@argus\/testing$/, () => join(root, 'test', 'support')],
  [/^@argus\/clickhouse\/rows$/, () => join(root, 'libs', 'clickhouse', 'src', 'rows')],
  [/^@argus\/([a-z-]+)$/, (name) => join(root, 'libs', name, 'src')],
];

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [pattern, target] of aliases) {
    const match = pattern.exec(request);
    if (match) return resolveFilename.call(this, target(match[1]), ...rest);
  }
  return resolveFilename.call(this, request, ...rest);
};

const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
