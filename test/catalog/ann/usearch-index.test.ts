import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidateCount, rerankExactly } from '../../../src/catalog/ann/exact-rerank.js';
import usearch, { type ScalarKind } from 'usearch';
import { DEFAULT_USEARCH, usearchIndexKind } from '../../../src/catalog/ann/usearch-index.js';
import { l2Normalize } from '../../../src/domain/vector.js';
import { clusteredFaces, randomUnitVector, seededRandom } from '../catalog-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'facetag-usearch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kind = usearchIndexKind();
const flatten = (vectors: Float32Array[]) => {
  const flat = new Float32Array(vectors.length * vectors[0]!.length);
  vectors.forEach((v, i) => flat.set(v, i * v.length));
  return flat;
};

/** An index of `count` random unit vectors under keys 1..count, and the vectors. */
function randomIndex(count: number, dimensions: number, seed: number) {
  const random = seededRandom(seed);
  const vectors = Array.from({ length: count }, () => randomUnitVector(random, dimensions));
  const index = kind.create(dimensions);
  index.add(vectors.map((_, i) => i + 1), flatten(vectors));
  return { index, vectors };
}

describe('usearch approximate index', () => {
  it('adds, finds, removes and re-adds keys, by cosine whatever the vector length', () => {
    const { index, vectors } = randomIndex(50, 16, 1);
    expect(index.size()).toBe(50);
    expect(index.search(vectors[7]!.map((x) => x * 5), 1).keys).toEqual([8]);
    index.remove([8, 999]);
    expect(index.contains(8)).toBe(false);
    expect(index.size()).toBe(49);
    expect(index.search(vectors[7]!, 1).keys).not.toEqual([8]);
    index.add([8], vectors[7]!);
    expect(index.search(vectors[7]!, 1).keys).toEqual([8]);
  });

  it('saves and opens a file with the same answers', () => {
    const { index, vectors } = randomIndex(200, 32, 2);
    const file = join(dir, 'saved.usearch');
    index.save(file);
    const opened = kind.open(file, 32);
    expect(opened.size()).toBe(200);
    expect(opened.search(vectors[3]!, 5)).toEqual(index.search(vectors[3]!, 5));
  });

  it('refuses a truncated, missing or differently sized file, naming it', () => {
    const { index } = randomIndex(300, 64, 3);
    const file = join(dir, 'whole.usearch');
    index.save(file);
    const truncated = join(dir, 'truncated.usearch');
    writeFileSync(truncated, readFileSync(file).subarray(0, 20_000));
    expect(() => kind.open(truncated, 64)).toThrow(truncated);
    expect(() => kind.open(join(dir, 'missing.usearch'), 64)).toThrow(/missing\.usearch: no such file/);
    expect(() => kind.open(file, 32)).toThrow(/whole\.usearch/);
  });

  it('finds at least 99% of the exact 10 nearest on clustered face-like vectors, after the exact re-rank', () => {
    const random = seededRandom(4);
    const faces = clusteredFaces(3000, 512, random);
    const index = kind.create(512);
    index.add(faces.map((_, i) => i), flatten(faces));
    const queries = Array.from({ length: 50 }, () => {
      const near = faces[Math.floor(random() * faces.length)]!;
      const noise = randomUnitVector(random, 512);
      return near.map((x, d) => x + 0.3 * noise[d]!);
    });
    const asCandidates = (keys: number[]) => keys.map((key) => ({ faceId: String(key).padStart(5, '0'), embedding: faces[key]! }));
    let hits = 0;
    for (const query of queries) {
      const exact = rerankExactly(query, asCandidates(faces.map((_, i) => i)), 10).map((n) => n.faceId);
      const approximate = rerankExactly(query, asCandidates(index.search(query, candidateCount(10)).keys), 10);
      hits += approximate.filter((n) => exact.includes(n.faceId)).length;
    }
    expect(hits / (10 * queries.length)).toBeGreaterThanOrEqual(0.99);
  });

  it('finds every face by a search for its own vector, on every build with every core inserting', () => {
    // The graph leaves some faces unreachable (faces far from the rest lose every link to them; several inserting
    // threads add more now and then): the check keeps them apart and the search scores them exactly.
    const everyCore = usearchIndexKind({ ...DEFAULT_USEARCH, addThreads: 0 });
    for (const seed of [21, 22, 23, 24]) {
      const faces = clusteredFaces(1_500, 64, seededRandom(seed));
      const keys = faces.map((_, i) => i);
      const index = everyCore.create(64);
      index.add(keys, flatten(faces));
      index.keepReachable(keys, flatten(faces));
      expect(keys.filter((key) => !index.search(faces[key]!, 1).keys.includes(key))).toEqual([]);
    }
  });

  it('builds the same file from the same faces every time with its default single inserting thread', () => {
    // With several inserting threads the graph follows thread timing; one thread makes the file a function of the
    // faces, so the same library gives the same neighbours, and the same people, on every run.
    const random = seededRandom(11);
    const faces = Array.from({ length: 2_000 }, () => randomUnitVector(random, 32));
    const keys = faces.map((_, i) => i + 1);
    const files = [join(dir, 'first.usearch'), join(dir, 'second.usearch')];
    for (const file of files) {
      const index = kind.create(32);
      index.add(keys, flatten(faces));
      index.save(file);
    }
    expect(readFileSync(files[1]!).equals(readFileSync(files[0]!))).toBe(true);
  });

  it('keeps the faces a weak graph does not reach apart, saved and handed back on open, and finds every face', () => {
    // Connectivity 4 leaves hundreds of these faces out of the graph, where facetag's settings leave a few.
    const weak = usearchIndexKind({ ...DEFAULT_USEARCH, connectivity: 4, expansionAdd: 8 });
    const faces = clusteredFaces(1_500, 64, seededRandom(21));
    const keys = faces.map((_, i) => i);
    const index = weak.create(64);
    index.add(keys, flatten(faces));
    const keptApart = index.keepReachable(keys, flatten(faces));
    const apart = index.unreachable();
    expect(apart).toHaveLength(keptApart);
    expect(apart.length).toBeGreaterThan(0);
    expect(keys.filter((key) => !index.search(faces[key]!, 1).keys.includes(key))).toEqual([]);
    const file = join(dir, 'apart.usearch');
    index.save(file);

    const opened = weak.open(file, 64);
    expect(keys.filter((key) => !opened.search(faces[key]!, 1).keys.includes(key))).not.toEqual([]);
    opened.keepApart([...apart, 99_999], flatten([...apart.map((key) => faces[key]!), faces[0]!]));
    expect(opened.unreachable().sort()).toEqual([...apart].sort());
    expect(keys.filter((key) => !opened.search(faces[key]!, 1).keys.includes(key))).toEqual([]);
    opened.remove([apart[0]!]);
    expect(opened.unreachable()).not.toContain(apart[0]);
    expect(opened.search(faces[apart[0]!]!, 3).keys).not.toContain(apart[0]);
  });

  it('walks the graph with the full search expansion, as an index made with it would', () => {
    const faces = clusteredFaces(2_000, 64, seededRandom(31));
    const index = kind.create(64);
    index.add(faces.map((_, i) => i), flatten(faces));
    const file = join(dir, 'expansion.usearch');
    index.save(file);
    const madeWithIt = new usearch.Index({
      dimensions: 64,
      metric: usearch.MetricKind.Cos,
      quantization: DEFAULT_USEARCH.precision as ScalarKind,
      connectivity: DEFAULT_USEARCH.connectivity,
      expansion_add: DEFAULT_USEARCH.expansionAdd,
      expansion_search: DEFAULT_USEARCH.expansionSearch,
      multi: false,
    });
    madeWithIt.load(file);
    const random = seededRandom(32);
    for (let q = 0; q < 20; q++) {
      const query = l2Normalize(faces[Math.floor(random() * faces.length)]!.map((x) => x + 0.5 * (random() - 0.5)));
      expect(index.search(query, 20).keys).toEqual(Array.from(madeWithIt.search(query, 20, 1).keys, Number));
    }
  });
});

describe('exact re-rank', () => {
  it('orders by exact cosine distance, ties by face id, and keeps k', () => {
    const query = Float32Array.from([1, 0]);
    const candidates = [
      { faceId: 'c', embedding: Float32Array.from([0, 1]) },
      { faceId: 'b', embedding: Float32Array.from([3, 0]) },
      { faceId: 'a', embedding: Float32Array.from([0, 2]) },
      { faceId: 'd', embedding: Float32Array.from([-1, 0]) },
    ];
    const ranked = rerankExactly(query, candidates, 3);
    expect(ranked.map((n) => n.faceId)).toEqual(['b', 'a', 'c']);
    expect(ranked.map((n) => n.distance)).toEqual([0, 1, 1]);
  });
});
