/**
 * bench/people-pair-stats.ts on a synthetic library of test/clustering (one run, default thresholds): what near-twins
 * and relatives look like on the figures that would have to tell them from one person's two eras.
 *
 *   npx tsx bench/synthetic-pair-stats.ts [hard|overlapping|separated] [--top n]
 */
import { parseArgs } from 'node:util';
import { bruteForceNeighbours } from '../src/clustering/brute-force-neighbours.js';
import { planClustering } from '../src/clustering/plan-clustering.js';
import { DEFAULT_CLUSTERING_THRESHOLDS } from '../src/clustering/thresholds.js';
import { SCENARIOS, scenarioFaces } from '../test/clustering/library-scenarios.js';
import { printPeoplePairs } from './people-pair-stats.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '20' } } });
const name = (positionals[0] ?? 'hard') as keyof typeof SCENARIOS;
if (!(name in SCENARIOS)) throw new Error(`unknown synthetic library ${name}: one of ${Object.keys(SCENARIOS).join(', ')}`);
const faces = scenarioFaces(name);
const plan = await planClustering({
  mode: 'recluster',
  faces: faces.map((f) => ({ id: f.id, photoId: f.photoId, quality: f.quality, personId: null, source: null })),
  people: [],
  constraints: [],
  neighbours: bruteForceNeighbours(faces),
  thresholds: DEFAULT_CLUSTERING_THRESHOLDS,
});
console.log(`synthetic library ${name}: ${plan.newPeople.length} people`);
printPeoplePairs(
  new Map(plan.newPeople.map((p) => [p.tempId, p.faceIds])),
  new Map(faces.map((f) => [f.id, f.embedding])),
  new Map(faces.map((f) => [f.id, f.identity])),
  Number(values.top),
);
