import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { chunkPaths } from '../../src/eval/chunked-replay.js';
import { predictedPeople } from '../../src/eval/evaluate-library.js';
import { labelsFromFolders } from '../../src/eval/labelled-folders.js';
import { pairwiseScores, partitionAgreement } from '../../src/eval/metrics.js';
import { bestAvailablePack } from '../../src/models/pack-registry.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset, SHARED_MODELS } from '../support/shared.js';

const SMALL = dataset('small');

/**
 * Scanning a collection in five runs (every fifth photo per run, as a collection grows) must give the people one scan
 * gives. Measured on small/ (140 photos, 34 identities) with the default pack: identical people (agreement F1 1.000),
 * and on LFW + singletons (8,090 photos) with `facetag eval --chunks 5`: agreement F1 0.995 (docs/accuracy.md).
 * Tolerance 0.98: one face of a five-photo person ending elsewhere costs 4 of small/'s 297 same-person pairs (1.3 %).
 */
const MIN_AGREEMENT_F1 = 0.98;

describe('incremental against batch: small/ scanned in five runs and in one (built CLI, default pack, real models)', () => {
  const oneRun = tempDir('one-run');
  const fiveRuns = tempDir('five-runs');
  let labels: Map<string, string>;
  let pack: string;

  beforeAll(async () => {
    pack = (await bestAvailablePack([SHARED_MODELS])).manifest.name;
    labels = await labelsFromFolders([SMALL]);
    const one = runCli(['scan', SMALL], cliEnv(oneRun));
    expect(one.code, one.stderr).toBe(0);
    const parts = chunkPaths([...labels.keys()].sort(), 5, 'interleaved');
    for (const part of parts) {
      const run = runCli(['scan', ...part], cliEnv(fiveRuns));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`${part.length} analysed, 0 unchanged`));
    }
  });

  async function people(library: string): Promise<Map<string, string | null>> {
    const catalog = await openSqliteCatalog(join(library, 'catalog.sqlite'));
    try {
      return await predictedPeople(catalog, pack, [...labels.keys()], 'largest');
    } finally {
      await catalog.close();
    }
  }

  it('gives (nearly) the same people, and as good a match with the labels', async () => {
    const [a, b] = [await people(oneRun), await people(fiveRuns)];
    const paths = [...labels.keys()];
    expect(paths.filter((p) => a.has(p)).length).toBe(paths.length);
    expect(paths.filter((p) => b.has(p)).length).toBe(paths.length);

    const agreement = partitionAgreement(paths.map((p) => ({ a: a.get(p) ?? null, b: b.get(p) ?? null })));
    expect(agreement.f1).toBeGreaterThanOrEqual(MIN_AGREEMENT_F1);

    const truth = (m: Map<string, string | null>) => pairwiseScores(paths.map((p) => ({ identity: labels.get(p)!, predicted: m.get(p) ?? null })));
    const [batch, chunked] = [truth(a), truth(b)];
    expect(batch.truePairs).toBe(297);
    expect(Math.abs(batch.f1 - chunked.f1)).toBeLessThanOrEqual(1 - MIN_AGREEMENT_F1);
    // Both runs are good on their own (measured F1 0.973 with yunet-w600k, one singleton merged).
    expect(chunked.f1).toBeGreaterThanOrEqual(0.95);
  });
});
