/**
 * A per-process rate limit: callers take slots spaced 1/rate apart and wait for theirs. BullMQ's own limiter is
 * shared by every worker of a queue; this one caps a single worker (a shared machine, a metered bucket).
 */
export class RateGate {
  private next = 0;
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly perSecond: number) {
    if (!(perSecond > 0)) throw new Error(`rate must be positive, got ${perSecond}`);
  }

  /** Waits until `count` more units may start, or until wake() is called. */
  async take(count: number): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.next);
    this.next = slot + (count * 1000) / this.perSecond;
    if (slot <= now) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, slot - now);
      this.sleepers.add(done);
    });
  }

  /** Ends every wait now (the worker is stopping and gives those jobs back). */
  wake(): void {
    for (const done of [...this.sleepers]) done();
  }
}
