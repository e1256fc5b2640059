/**
 * The same photos scanned on each storage backend in one run: the embedded defaults (SQLite, crops in the library
 * folder), Neo4j with local crops, and Neo4j with crops in S3. Prints elapsed time, images/s, the main thread's
 * store time per photo, clustering time and the peak RSS, and each backend's time relative to the embedded one.
 *
 *   npm run bench:backends -- [--photos N]     (default 1000 LFW photos: the first N files by path)
 *
 * Needs NEO4J_URL/NEO4J_USER/NEO4J_PASSWORD and S3_ENDPOINT/S3_REGION/S3_ACCESS_KEY/S3_SECRET_KEY/S3_BUCKET
 * (`eval "$(scripts/test-servers up)"`); the Neo4j database is wiped, never point it at a real library.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveConfig } from '../src/config/config.js';
import { libraryPack, openLibrary } from '../src/library/open-library.js';
import { scanLibrary } from '../src/library/scan-library.js';
import { lockNeo4jServer } from '../test/catalog/neo4j-test-lock.js';
import { wipeNeo4j } from './knn/wipe-neo4j.js';

const count = Number(process.argv[process.argv.indexOf('--photos') + 1] || 1000);
const env = process.env;
for (const name of ['NEO4J_URL', 'NEO4J_USER', 'NEO4J_PASSWORD', 'S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET']) {
  if (!env[name]) throw new Error(`${name} is not set: start the servers with eval "$(scripts/test-servers up)"`);
}

function photoFolder(): string {
  const lfw = resolve('..', 'shared', 'datasets', 'lfw');
  const files = readdirSync(lfw, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.jpe?g$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .slice(0, count);
  const out = mkdtempSync(join(tmpdir(), 'facetag-backends-'));
  files.forEach((file, i) => {
    const dir = join(out, String(Math.floor(i / 100)));
    mkdirSync(dir, { recursive: true });
    symlinkSync(file, join(dir, `${i}.jpg`));
  });
  return out;
}

async function scanOn(name: string, folder: string, settings: { graph?: string; objects?: string }) {
  const library = mkdtempSync(join(tmpdir(), 'facetag-backends-lib-'));
  if (settings.graph) await wipeNeo4j(env.NEO4J_URL!, env.NEO4J_USER!, env.NEO4J_PASSWORD!);
  const config = resolveConfig(
    { library, ...settings },
    { ...env, FACETAG_MODELS_PATH: resolve('..', 'shared', 'models'), FACETAG_S3_ENDPOINT: env.S3_ENDPOINT, FACETAG_S3_ACCESS_KEY: env.S3_ACCESS_KEY, FACETAG_S3_SECRET_KEY: env.S3_SECRET_KEY, AWS_REGION: env.S3_REGION },
  );
  const lib = await openLibrary(config);
  try {
    const pack = await libraryPack(lib, config);
    const started = performance.now();
    const result = await scanLibrary(lib, config, pack, { roots: [folder], prune: false, cluster: true });
    const seconds = (performance.now() - started) / 1000;
    return { name, pack, seconds, result };
  } finally {
    await lib.close();
    rmSync(library, { recursive: true, force: true });
  }
}

const folder = photoFolder();
const unlock = await lockNeo4jServer(env.NEO4J_URL!);
try {
  const prefix = `facetag-bench/${Date.now()}`;
  const runs = [
    await scanOn('SQLite + local crops', folder, {}),
    await scanOn('Neo4j + local crops', folder, { graph: env.NEO4J_URL! }),
    await scanOn('Neo4j + S3 crops', folder, { graph: env.NEO4J_URL!, objects: `s3://${env.S3_BUCKET}/${prefix}/` }),
  ];
  const base = runs[0]!;
  console.log(`${count} LFW photos, pack ${base.pack}, peak RSS of the whole run ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  for (const { name, seconds, result } of runs) {
    console.log(
      `  ${name.padEnd(22)} ${seconds.toFixed(1)} s (${(seconds / base.seconds).toFixed(2)}x), ${(result.analysed / seconds).toFixed(2)} images/s, ` +
        `${result.faces} faces, store ${(result.stageMs.store / Math.max(result.analysed, 1)).toFixed(1)} ms/photo, ` +
        `clustering ${result.clustering ? (result.clustering.ms / 1000).toFixed(1) : '-'} s (${result.clustering?.newPeople ?? 0} people)`,
    );
  }
} finally {
  unlock();
  rmSync(folder, { recursive: true, force: true });
}
