/**
 * Token bucket per key (person), in memory of one node: `burst` sends at once,
 * refilled at `perMinute`. In a cluster each node limits on its own, so the
 * effective limit is at most N × the configured one — a guard against floods
 * and runaway clients, not an accounting device. Idle buckets are dropped.
 */
export class RateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();
  private sweepAt = 0;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(key: number, nowMs: number): number {
    if (nowMs - this.sweepAt > 60_000) this.sweep(nowMs);
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: nowMs };
    b.tokens = Math.min(this.burst, b.tokens + (nowMs - b.at) * rate);
    b.at = nowMs;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.buckets.set(key, b);
      return 0;
    }
    this.buckets.set(key, b);
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }

  private sweep(nowMs: number): void {
    this.sweepAt = nowMs;
    const full = (this.burst / this.perMinute) * 60_000;
    for (const [k, b] of this.buckets) if (nowMs - b.at > full) this.buckets.delete(k);
  }
}
