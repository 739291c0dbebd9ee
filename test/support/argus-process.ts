import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const ARGUS_MAIN = join(REPO_ROOT, 'dist', 'apps', 'argus', 'src', 'main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 60_000, intervalMs = 250 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${description}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
      );
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, intervalMs));
  }
}

/**
 * Argus as a real process (the built `dist/apps/argus/src/main.js`), the way it runs in production.
 * Logs are kept so a failing test can print them.
 */
export class ArgusProcess {
  private child: ChildProcess | undefined;
  readonly output: string[] = [];
  exitCode: number | null = null;

  constructor(readonly env: Record<string, string>) {
    if (!existsSync(ARGUS_MAIN))
      throw new Error(`${ARGUS_MAIN} is missing: run \`npm run build\` (make test does)`);
  }

  /** Process id of the running Argus (undefined before start), e.g. to read /proc/<pid>/status. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.env.API_PORT}`;
  }

  start(): this {
    this.exitCode = null;
    const child = spawn(process.execPath, [ARGUS_MAIN], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString('utf8'));
      if (this.output.length > 5000) this.output.splice(0, 1000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => (this.exitCode = code ?? (signal ? 128 : -1)));
    this.child = child;
    return this;
  }

  async waitUntilReady(timeoutMs = 90_000): Promise<void> {
    await waitFor(
      'Argus /readyz',
      async () => {
        if (this.exitCode !== null) throw new Error(`Argus exited with ${this.exitCode}:\n${this.logTail()}`);
        const response = await fetch(`${this.apiUrl}/readyz`);
        return response.status === 200;
      },
      { timeoutMs },
    );
  }

  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    const response = await fetch(`${this.apiUrl}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql }),
    });
    const body = (await response.json()) as { rows?: T[]; message?: string };
    if (!response.ok) throw new Error(`query failed (${response.status}): ${body.message}`);
    return body.rows ?? [];
  }

  async count(sql: string): Promise<number> {
    const rows = await this.query<{ n: string | number }>(sql);
    return Number(rows[0]?.n ?? 0);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: the ordered shutdown. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || this.exitCode !== null) return;
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      exited,
      new Promise((resolveTimeout) => (timer = setTimeout(resolveTimeout, 30_000))),
    ]);
    clearTimeout(timer);
    if (this.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  logTail(lines = 40): string {
    return this.output.join('').split('\n').slice(-lines).join('\n');
  }
}

/** The five Argus topics of one test, named `<prefix>.<topic>.<suffix>` so runs never share a topic. */
export function testTopics(prefix: string, suffix: string) {
  return {
    KAFKA_TOPIC_TELEMETRY: `${prefix}.telemetry.${suffix}`,
    KAFKA_TOPIC_TELEMETRY_DLQ: `${prefix}.telemetry.dlq.${suffix}`,
    KAFKA_TOPIC_FINDINGS: `${prefix}.findings.${suffix}`,
    KAFKA_TOPIC_ALERTS: `${prefix}.alerts.${suffix}`,
    KAFKA_TOPIC_ALERTS_DLQ: `${prefix}.alerts.dlq.${suffix}`,
  };
}
