import { type ArgusProcess } from './argus-process';

/**
 * For `afterEach` of e2e files: when the test that just ran had a failing assertion, print the Argus
 * process's log tail, which usually says why. (Not exported from the index: the benchmarks import it
 * and have no jest globals.)
 */
export function printLogTailOnFailure(argus: ArgusProcess | undefined, lines = 60): void {
  const state = expect.getState();
  if (argus !== undefined && state.assertionCalls !== state.numPassingAsserts)
    process.stdout.write(`Argus log tail:\n${argus.logTail(lines)}\n`);
}
