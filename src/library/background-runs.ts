/** What every run started over HTTP has: an id, a state, a way to be stopped and a promise that ends with it. */
export interface BackgroundRun<Report extends { id: string; state: string }> {
  report: Report;
  abort: AbortController;
  done: Promise<void>;
}

/**
 * The runs a server started in the background (scans, annotation runs): one may run at a time, the last `kept`
 * are remembered for readers, and closing stops the running one and waits until it has let go of the library.
 * Older finished runs are forgotten; what they stored stays in the catalog.
 */
export class BackgroundRuns<Report extends { id: string; state: string }, Entry extends BackgroundRun<Report>> {
  private readonly entries = new Map<string, Entry>();
  private closedBecause: string | null = null;

  constructor(
    private readonly kept: number,
    private readonly notFound: (id: string) => Error,
  ) {}

  /** Throws `what` is refused when the server is stopping. */
  assertOpen(what: string): void {
    if (this.closedBecause !== null) throw new Error(`the server is stopping: no new ${what}`);
  }

  /** The run still going, if any. */
  running(): Entry | null {
    for (const entry of this.entries.values()) if (entry.report.state === 'running') return entry;
    return null;
  }

  /** Remembers a new run and forgets the oldest finished ones beyond `kept`. */
  add(entry: Entry): void {
    this.entries.set(entry.report.id, entry);
    for (const [id, old] of this.entries) {
      if (this.entries.size <= this.kept) return;
      if (old.report.state !== 'running') this.entries.delete(id);
    }
  }

  get(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw this.notFound(id);
    return entry;
  }

  /** Oldest first. */
  all(): Entry[] {
    return [...this.entries.values()];
  }

  /** Refuses new runs and asks every running one to stop, without waiting. */
  stopAll(reason: string): void {
    this.closedBecause = reason;
    for (const entry of this.entries.values()) entry.abort.abort(new Error(reason));
  }

  /** Stops every running run and waits until each has stored what it had in flight. */
  async close(reason = 'the server is stopping'): Promise<void> {
    this.stopAll(reason);
    await Promise.all([...this.entries.values()].map((e) => e.done));
  }
}
