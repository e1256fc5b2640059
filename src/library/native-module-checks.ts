import { usearchIndexKind } from '../catalog/ann/usearch-index.js';
import { openDatabase } from '../catalog/sqlite/connection.js';
import type { Check } from './doctor-checks.js';

/**
 * Loads each native module facetag depends on and makes it do one small thing: an install for another Node
 * version or platform (copied node_modules, a failed build) fails here with the module's own error.
 */
export async function nativeModuleChecks(): Promise<Check[]> {
  return Promise.all([
    attempt('better-sqlite3 + sqlite-vec', async () => {
      const db = openDatabase(':memory:');
      try {
        const row = db.prepare('SELECT sqlite_version() AS sqlite, vec_version() AS vec').get() as { sqlite: string; vec: string };
        return `SQLite ${row.sqlite}, sqlite-vec ${row.vec}`;
      } finally {
        db.close();
      }
    }),
    attempt('usearch', async () => {
      const index = usearchIndexKind().create(2);
      index.add([1, 2], Float32Array.from([1, 0, 0, 1]));
      const [nearest] = index.search(Float32Array.from([0.9, 0.1]), 1).keys;
      if (nearest !== 1) throw new Error(`a two-vector index answered key ${nearest}, not 1`);
      return 'HNSW index answers';
    }),
    attempt('sharp', async () => {
      const { default: sharp } = await import('sharp');
      await sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } }).jpeg().toBuffer();
      return `libvips ${sharp.versions.vips}`;
    }),
    attempt('onnxruntime-node', async () => {
      const ort = await import('onnxruntime-node');
      if (typeof ort.InferenceSession?.create !== 'function') throw new Error('the module loaded without its InferenceSession');
      return `onnxruntime ${ort.env.versions?.common ?? '?'}`;
    }),
  ]);
}

async function attempt(name: string, use: () => Promise<string>): Promise<Check> {
  try {
    return { name: `native module ${name}`, ok: true, detail: await use(), fix: null };
  } catch (err) {
    return {
      name: `native module ${name}`,
      ok: false,
      detail: err instanceof Error ? err.message.split('\n')[0]! : String(err),
      fix: 'reinstall with this Node version: npm rebuild (or rm -rf node_modules && npm ci)',
    };
  }
}
