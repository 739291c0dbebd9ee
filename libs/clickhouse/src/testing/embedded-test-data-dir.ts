import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'argus-chdb-test-';
let staleDirectoriesRemoved = false;

/**
 * The chdb data directory every test in this process should use. chdb binds one directory per process
 * and refuses a second while the first is open, and jest runs many test files in one worker process:
 * tests that share this directory (each in its own database) never collide. Directories left by test
 * processes that have exited are removed on first use.
 */
export function embeddedTestDataDir(): string {
  if (!staleDirectoriesRemoved) {
    staleDirectoriesRemoved = true;
    removeDirectoriesOfExitedProcesses();
  }
  return join(tmpdir(), `${PREFIX}${process.pid}`);
}

function removeDirectoriesOfExitedProcesses(): void {
  let entries: string[];
  try {
    entries = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = entry.startsWith(PREFIX) ? Number(entry.slice(PREFIX.length)) : Number.NaN;
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) {
      continue;
    }
    try {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    } catch {
      // Another process cleaning up at the same time; whatever is left goes next time.
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
