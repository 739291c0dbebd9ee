/**
 * Per-sink protections of the delivery loop, pure and clock-driven (time is passed in) so they are
 * tested with a fake clock.
 */

/** Token bucket: `perSecond` sustained, `burst` at once. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes a token and returns 0, or returns how many ms to wait before one is available (none taken). */
  take(now: number): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }
}

export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * Opens after `failures` consecutive failed sends, so a sink that is down is not hammered and alerts wait
 * in the outbox instead of burning their attempts. After `cooldownMs` one probe is let through
 * (half-open): its success closes the circuit, its failure opens it again for another cooldown.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probing = false;
  private current: CircuitState = 'closed';

  constructor(
    private readonly failures: number,
    private readonly cooldownMs: number,
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  get failureCount(): number {
    return this.consecutiveFailures;
  }

  /** 0: send now (a probe, when half-open); else ms to wait before asking again. */
  admit(now: number): number {
    if (this.current === 'closed') return 0;
    if (this.current === 'open') {
      const remaining = this.openedAt + this.cooldownMs - now;
      if (remaining > 0) return remaining;
      this.current = 'half_open';
    }
    if (this.probing) return Math.max(50, Math.min(1000, this.cooldownMs / 4));
    this.probing = true;
    return 0;
  }

  success(): void {
    this.consecutiveFailures = 0;
    this.probing = false;
    this.current = 'closed';
  }

  failure(now: number): void {
    this.consecutiveFailures++;
    const probeFailed = this.current === 'half_open';
    this.probing = false;
    if (probeFailed || this.consecutiveFailures >= this.failures) {
      this.current = 'open';
      this.openedAt = now;
    }
  }
}
