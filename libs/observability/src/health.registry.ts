/**
 * Readiness is the conjunction of every hosted component's own check (consumers assigned, ClickHouse
 * reachable). Components register a check; `/readyz` runs them all and reports each by name.
 */
export type ReadinessCheck = () => Promise<{ ok: boolean; detail?: string }>;

export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Ordered shutdown starts by failing readiness so load balancers stop sending traffic first. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async readiness(
    timeoutMs = 2000,
  ): Promise<{ ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> }> {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    if (this.shuttingDown) checks.shutdown = { ok: false, detail: 'shutting down' };
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        checks[name] = await withTimeout(check(), timeoutMs).catch((error: unknown) => ({
          ok: false,
          detail: error instanceof Error ? error.message : String(error),
        }));
      }),
    );
    return { ready: Object.values(checks).every((check) => check.ok), checks };
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`check timed out after ${timeoutMs} ms`)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
