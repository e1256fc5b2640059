/** Too many inference requests are running or waiting: the caller should come back shortly. */
export class InferenceBusyError extends Error {
  override readonly name = 'InferenceBusyError';
  constructor(
    readonly limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`${limit} inference request${limit === 1 ? ' is' : 's are'} already running or waiting (the server's --max-pending); try again in ${retryAfterSeconds} s`);
  }
}

/**
 * Bounds the inference calls running or waiting at once: beyond the bound a call is refused at once instead of
 * queueing without end (memory for every waiting image, answers later than any client waits).
 */
export class PendingLimit {
  private pending = 0;
  /** Recent call duration (exponentially weighted), to tell refused callers how long to wait. */
  private typicalMs = 1000;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`the pending inference limit must be a whole number >= 1, got ${limit}`);
  }

  get current(): number {
    return this.pending;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.pending >= this.limit) throw new InferenceBusyError(this.limit, this.retryAfterSeconds());
    this.pending++;
    const started = performance.now();
    try {
      return await call();
    } finally {
      this.pending--;
      this.typicalMs = 0.8 * this.typicalMs + 0.2 * (performance.now() - started);
    }
  }

  /** About the time a slot takes to free up, in whole seconds (Retry-After's unit), at least 1. */
  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.typicalMs / 1000));
  }
}
