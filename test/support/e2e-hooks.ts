import { rmSync } from 'node:fs';
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

/**
 * The teardown of an e2e file that starts one Argus process: after all tests stop it, disconnect the
 * file's Kafka client and remove its work directory; after each, print the log tail of a failed test.
 * `state` is read when the hooks run (the process is started in `beforeAll`).
 */
export function tearDownArgusAfterTests(
  state: () => {
    argus: ArgusProcess | undefined;
    kafka: { disconnect(): Promise<void> };
    workDir: string;
  },
): void {
  afterAll(async () => {
    const { argus, kafka, workDir } = state();
    await argus?.stop();
    await kafka.disconnect();
    rmSync(workDir, { recursive: true, force: true });
  });
  afterEach(() => printLogTailOnFailure(state().argus));
}
