import { describe, expect, it } from 'vitest';
import type { LibraryScanOutcome } from '../../src/api/scan-api.js';
import { scanReport } from '../../src/cli/scan-report.js';
import { betterPackHint } from '../../src/models/better-pack-hint.js';
import { knownPacks } from '../../src/models/pack-registry.js';

function outcome(pack: string): LibraryScanOutcome {
  return {
    found: 3, analysed: 3, unchanged: 0, linked: 0, failed: 1, faces: 4, pruned: 0, interrupted: false, elapsedMs: 1200,
    runId: 1, pack, queued: false, failedJobs: 0, clustering: { assigned: 4, newPeople: 2, unassigned: 0 },
  };
}

describe('the scan report', () => {
  it('on the built-in pack ends with the line saying what is better and how to get it', () => {
    const lines = scanReport(outcome('builtin'), null).split('\n');
    expect(lines.at(-1)).toBe(betterPackHint('builtin'));
    expect(lines.at(-1)).toMatch(/^for better accuracy: facetag models pull \(downloads \d+ MB, non-commercial licence\)$/);
    expect(lines.at(-2)).toMatch(/facetag status --errors/);
  });

  it('on a downloaded pack has no such line', () => {
    for (const pack of [knownPacks()[0]!.name, 'yunet-paddle128']) {
      const report = scanReport(outcome(pack), null);
      expect(report).not.toMatch(/better accuracy|models pull/);
      expect(report.split('\n').at(-1)).toMatch(/facetag status --errors/);
    }
  });
});
