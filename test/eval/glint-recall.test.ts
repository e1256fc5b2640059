import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { predictedPeople } from '../../src/eval/evaluate-library.js';
import { labelsFromFolders } from '../../src/eval/labelled-folders.js';
import { pairwiseScores } from '../../src/eval/metrics.js';
import { bestAvailablePack } from '../../src/models/pack-registry.js';
import { cliEnv, runCli, tempDir } from '../support/cli.js';
import { dataset, SHARED_MODELS } from '../support/shared.js';

const GLINT = dataset('glint-celebs');

/**
 * Issue 15: one person stays one person across decades, make-up and pose. glint-celebs holds 24 well-known people, up to
 * 30 aligned crops each; its tuning half (people sorted by name, the first 12: Barack_Obama .. Kate_Winslet; the split
 * of bench/recluster-tune.ts and docs/accuracy.md) is scanned in one run with the default pack and scored by the largest
 * face of each photo.
 *
 * Measured (docs/accuracy.md): before issue 15 pairwise precision 1.000, recall 0.8747, 10 faces left over; with attach
 * rounds (attachRounds) recall 0.8966, 6 left over; with the clear-lead rule (leadSimilarity 0.33, leadMargin 0.15)
 * precision 1.000, recall 0.9188, 2 left over. What is left is two splits the clustering cannot judge from the
 * embeddings: Gwyneth_Paltrow, whose folder holds 19 photos of another woman (an older woman with grey or white hair,
 * often with glasses: by her looks Blythe Danner, her mother; Glint360K's label noise; the two groups' centroids are
 * at cosine 0.37, different people's at most 0.35), and James_Spader young and old (8 + 21 photos; centroids at cosine
 * 0.59, inside the 0.55-0.62 of the synthetic near-twins that must stay apart); the 2 left over are a profile between
 * Spader's two people and a Blythe Danner photo that leads the Gwyneth group by only 0.07.
 * Bounds: recall 0.91 (one more face left over, ~29 of 5,220 pairs, still passes; the code before the lead rule,
 * 0.8966, fails), precision 0.995 (the issue's target), at most 3 faces left over (measured 2).
 */
const MIN_RECALL = 0.91;
const MIN_PRECISION = 0.995;
const MAX_LEFT_OVER = 3;

describe('glint-celebs tuning half scanned in one run (built CLI, default pack, real models)', () => {
  const library = tempDir('glint-tune');
  let labels: Map<string, string>;
  let predicted: Map<string, string | null>;

  beforeAll(async () => {
    const all = await labelsFromFolders([GLINT]);
    const people = [...new Set(all.values())].sort();
    const tuning = new Set(people.slice(0, people.length / 2));
    expect(people).toHaveLength(24);
    labels = new Map([...all].filter(([, identity]) => tuning.has(identity)));
    const folders = [...tuning].map((identity) => join(GLINT, identity.split('/')[1]!));
    const scan = runCli(['scan', ...folders], cliEnv(library));
    expect(scan.code, scan.stderr).toBe(0);
    const pack = (await bestAvailablePack([SHARED_MODELS])).manifest.name;
    const catalog = await openSqliteCatalog(join(library, 'catalog.sqlite'));
    try {
      predicted = await predictedPeople(catalog, pack, [...labels.keys()], 'largest');
    } finally {
      await catalog.close();
    }
  });

  it('keeps each person together without putting two people together', () => {
    const paths = [...labels.keys()];
    expect(paths.filter((p) => predicted.has(p))).toHaveLength(paths.length);
    const scores = pairwiseScores(paths.map((p) => ({ identity: labels.get(p)!, predicted: predicted.get(p) ?? null })));
    expect(scores.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(scores.recall).toBeGreaterThanOrEqual(MIN_RECALL);
    expect(paths.filter((p) => predicted.get(p) === null).length).toBeLessThanOrEqual(MAX_LEFT_OVER);
  });
});
