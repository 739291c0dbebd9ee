import { join } from 'node:path';

/**
 * How to start the worker file `<directory>/<name>.js|.ts` in a worker thread: the compiled `.js` after
 * `npm run build`; under jest or the bench's SWC hook the calling module is TypeScript, and a worker
 * thread inherits neither, so the worker gets an inline SWC hook (a devDependency, present wherever
 * `.ts` sources run) before requiring its `.ts` file. `callerFilename` tells which case this is.
 */
export function workerEntry(
  callerFilename: string,
  directory: string,
  name: string,
): { source: string; eval: boolean } {
  const extension = callerFilename.endsWith('.ts') ? '.ts' : '.js';
  const file = join(directory, `${name}${extension}`);
  if (extension === '.js') return { source: file, eval: false };
  const swc = require.resolve('@swc/core');
  const hook = `
    const { readFileSync } = require('node:fs');
    const { transformSync } = require(${JSON.stringify(swc)});
    require.extensions['.ts'] = (module, filename) => {
      const { code } = transformSync(readFileSync(filename, 'utf8'), {
        filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
      });
      module._compile(code, filename);
    };
    require(${JSON.stringify(file)});`;
  return { source: hook, eval: true };
}
