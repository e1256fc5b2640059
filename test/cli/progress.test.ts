import { afterEach, describe, expect, it } from 'vitest';
import { progressPrinter } from '../../src/cli/progress.js';
import type { ScanProgress } from '../../src/pipeline/scan.js';

/** A stream off a terminal that keeps what is written to it. */
function pipe(): NodeJS.WriteStream & { lines: string[] } {
  const lines: string[] = [];
  return { isTTY: false, lines, write: (text: string) => lines.push(text) > 0 } as unknown as NodeJS.WriteStream & { lines: string[] };
}

const step = (done: number): ScanProgress => ({ done, total: 10, analysed: done, faces: done, failed: 0, startedAt: Date.now() });

afterEach(() => {
  delete process.env.FACETAG_PROGRESS_EVERY_MS;
});

describe('the progress line off a terminal', () => {
  it('prints the first and the last photo of a quick scan, not every photo, by default', () => {
    const stream = pipe();
    const printer = progressPrinter(stream);
    for (let done = 1; done <= 10; done++) printer.update(step(done));
    expect(stream.lines).toHaveLength(2);
    expect(stream.lines[1]).toMatch(/10\/10 files/);
  });

  it('prints a line per photo with FACETAG_PROGRESS_EVERY_MS=0', () => {
    process.env.FACETAG_PROGRESS_EVERY_MS = '0';
    const stream = pipe();
    const printer = progressPrinter(stream);
    for (let done = 1; done <= 10; done++) printer.update(step(done));
    expect(stream.lines.map((line) => /(\d+)\/10 files/.exec(line)?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('keeps the default for a setting that is not a number', () => {
    process.env.FACETAG_PROGRESS_EVERY_MS = 'often';
    const stream = pipe();
    const printer = progressPrinter(stream);
    for (let done = 1; done <= 10; done++) printer.update(step(done));
    expect(stream.lines).toHaveLength(2);
  });
});
