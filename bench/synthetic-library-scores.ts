/**
 * The synthetic libraries of test/clustering scored with the default thresholds, clustered in one run and added in runs
 * of 100 faces (as test/clustering/plan-clustering.test.ts does): the figures docs/accuracy.md gives for every clustering
 * lever of issue 15 (strangers = separated, relatives = overlapping, near-twins = hard).
 *
 *   npx tsx bench/synthetic-library-scores.ts [--set key=value ...]   (e.g. --set holdBackMargin=null: the rule off)
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CLUSTERING_THRESHOLDS, type ClusteringThresholds } from '../src/clustering/thresholds.js';
import { pairwiseScores, singletonMerges } from '../src/eval/metrics.js';
import { SCENARIOS, scenarioFaces } from '../test/clustering/library-scenarios.js';
import { SimulatedLibrary } from '../test/clustering/simulated-library.js';

const RUN_SIZE = 100;
const { values: args } = parseArgs({ options: { set: { type: 'string', multiple: true, default: [] } } });
const overrides = args.set.map((s) => s.split('=') as [string, string]).map(([key, v]) => [key, v === 'null' ? null : Number(v)]);
const thresholds = { ...DEFAULT_CLUSTERING_THRESHOLDS, ...Object.fromEntries(overrides) } as ClusteringThresholds;
if (overrides.length > 0) console.log(JSON.stringify(Object.fromEntries(overrides)));

for (const name of Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]) {
  const faces = scenarioFaces(name);
  const oneRun = new SimulatedLibrary(faces);
  await oneRun.cluster('recluster', { thresholds });
  const inRuns = new SimulatedLibrary();
  for (let i = 0; i < faces.length; i += RUN_SIZE) {
    inRuns.add(faces.slice(i, i + RUN_SIZE));
    await inRuns.cluster('incremental', { thresholds });
  }
  const [a, b] = [oneRun.labels(), inRuns.labels()].map((labels) => ({ pw: pairwiseScores(labels), merged: singletonMerges(labels).merged }));
  console.log(
    `${name}: one run P ${a!.pw.precision.toFixed(3)} R ${a!.pw.recall.toFixed(3)} F1 ${a!.pw.f1.toFixed(3)} merged ${a!.merged}; ` +
      `runs of ${RUN_SIZE} P ${b!.pw.precision.toFixed(3)} R ${b!.pw.recall.toFixed(3)} F1 ${b!.pw.f1.toFixed(3)} merged ${b!.merged}`,
  );
}
