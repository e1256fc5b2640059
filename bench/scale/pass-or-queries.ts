/**
 * When clustering should ask the approximate index face by face rather than make one pass over the library's
 * embeddings (neighbour-source.ts, fewFaces): on a kept scale-bench library, the time of one streamed pass that lists
 * n faces against n index queries of the same depth (GROUP_NEIGHBOURS + 1, as an incremental run asks), turn about.
 * The pass costs about the same for any n up to a few hundred; a query costs about the same at any library size.
 *
 * Usage: node dist/bench/scale/pass-or-queries.js --file DIR/after-N/catalog.db --pack PACK [--faces 32 64 128] [--rounds 3]
 * (read-only apart from the index file, which the first query builds when the library has none yet)
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openSqliteCatalog } from '../../src/catalog/sqlite/open-sqlite-catalog.js';
import { GROUP_NEIGHBOURS } from '../../src/clustering/decide-group.js';
import { blocksById, catalogBlocks } from '../../src/clustering/embedding-blocks.js';
import { indexSource } from '../../src/clustering/neighbour-source.js';
import { streamedNeighbours } from '../../src/clustering/streamed-neighbours.js';
import { percentile } from './neighbour-queries.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { file: { type: 'string' }, pack: { type: 'string' }, faces: { type: 'string', multiple: true }, rounds: { type: 'string', default: '3' } },
});
if (!values.file || !values.pack) throw new Error('--file and --pack are needed');
const pack = values.pack;
const counts = [...(values.faces ?? ['32', '64', '128']), ...positionals].map(Number);
const depth = GROUP_NEIGHBOURS + 1;
const catalog = await openSqliteCatalog(values.file);
const first = await catalog.embeddingPage(pack, null, 1);
await catalog.nearestFaces(first.embeddings, pack, 1);
const search = await catalog.neighbourSearch(pack);
// Faces spread over the library: every page's first rows, pages of the library size over the largest count.
const spread: string[] = [];
const stride = Math.max(1, Math.floor(search.faces / Math.max(...counts)));
for (let cursor: string | null = null; spread.length < Math.max(...counts); ) {
  const page = await catalog.embeddingPage(pack, cursor, stride);
  if (page.faceIds.length === 0) break;
  spread.push(page.faceIds[0]!);
  cursor = page.next;
  if (cursor === null) break;
}
console.log(`${search.faces} faces (${search.approximate ? 'approximate index' : 'exact search'}), lists ${depth} deep`);
console.log('faces  pass ms (median)  queries ms (median)  per query ms  pass / query');
for (const n of counts) {
  const ids = spread.slice(0, n);
  const passes: number[] = [];
  const queries: number[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    let start = performance.now();
    // What the streamed source's pass does (neighbour-source.ts): the faces looked up by id, the library read in blocks.
    await streamedNeighbours(blocksById(catalog, ids), catalogBlocks(catalog, pack), depth);
    passes.push(performance.now() - start);
    start = performance.now();
    await indexSource(catalog, pack, depth).load(ids);
    queries.push(performance.now() - start);
  }
  const [pass, asked] = [percentile(passes, 0.5), percentile(queries, 0.5)];
  console.log(`${String(n).padStart(5)}  ${pass.toFixed(0).padStart(15)}  ${asked.toFixed(0).padStart(19)}  ${(asked / n).toFixed(1).padStart(12)}  ${(pass / (asked / n)).toFixed(0).padStart(12)}`);
}
const peak = process.resourceUsage().maxRSS / 1024;
console.log(`peak RSS ${peak.toFixed(0)} MB`);
await catalog.close();
