import type { SettingsCatalog } from '../catalog/catalog.js';

/** Settings keys (kept in the catalog, so every machine on one graph and every restart agrees). */
export const SKIPPED_KEY = 'review.skipped';
export const ANSWERED_KEY = 'review.answered';

/** Oldest skips are forgotten first: a skip list far longer than any queue only costs reading it. */
export const MAX_SKIPPED = 1000;

/**
 * What the review remembers besides the answers themselves (which are constraints and assignments): the questions
 * skipped, oldest first, and how many answers were given.
 */
export class ReviewMemory {
  constructor(private readonly settings: SettingsCatalog) {}

  async skipped(): Promise<string[]> {
    const raw = await this.settings.getSetting(SKIPPED_KEY);
    if (raw === null) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      // A list someone edited by hand into nonsense only loses the skips' order, never an answer.
      return [];
    }
  }

  async setSkipped(ids: readonly string[]): Promise<void> {
    await this.settings.setSetting(SKIPPED_KEY, JSON.stringify(ids.slice(-MAX_SKIPPED)));
  }

  /** Moves the question to the end of the skip list (skipping it again sends it back to the very end). */
  async skip(id: string): Promise<void> {
    await this.setSkipped([...(await this.skipped()).filter((other) => other !== id), id]);
  }

  async answered(): Promise<number> {
    const count = Number(await this.settings.getSetting(ANSWERED_KEY));
    return Number.isInteger(count) && count > 0 ? count : 0;
  }

  async countAnswer(change: 1 | -1): Promise<void> {
    await this.settings.setSetting(ANSWERED_KEY, String(Math.max(0, (await this.answered()) + change)));
  }
}
