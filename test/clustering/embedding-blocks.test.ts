import { describe, expect, it } from 'vitest';
import { blocksById, catalogBlocks, keepOnly } from '../../src/clustering/embedding-blocks.js';
import { testDoubleFixture } from './catalog-fixtures.js';
import { makeLibrary } from './synthetic.js';

const PACK = 'arcface-test';
const faces = makeLibrary({ seed: 3, identitySizes: [4, 3], singletons: 5 });

async function collect(blocks: AsyncIterable<{ faceIds: readonly string[]; embeddings: Float32Array; dimensions: number }>) {
  const out: { id: string; embedding: number[] }[] = [];
  const sizes: number[] = [];
  for await (const b of blocks) {
    sizes.push(b.faceIds.length);
    b.faceIds.forEach((id, i) => out.push({ id, embedding: Array.from(b.embeddings.subarray(i * b.dimensions, (i + 1) * b.dimensions)) }));
  }
  return { out, sizes };
}

describe('embedding blocks', () => {
  it('read the whole pack page by page, the same on every pass', async () => {
    const fixture = testDoubleFixture();
    await fixture.add(faces, PACK);
    const stored = await fixture.catalog.listFacesWithEmbeddings(PACK);
    const blocks = catalogBlocks(fixture.catalog, PACK, 5);
    const first = await collect(blocks());
    expect(first.sizes).toEqual([5, 5, 2]);
    expect(first.out.map((f) => f.id).sort()).toEqual(stored.map((f) => f.id).sort());
    for (const f of first.out) expect(f.embedding).toEqual(Array.from(stored.find((s) => s.id === f.id)!.embedding));
    expect(await collect(blocks())).toEqual(first);
  });

  it('look faces up by id in blocks, leaving out unknown ids', async () => {
    const fixture = testDoubleFixture();
    await fixture.add(faces, PACK);
    const ids = (await fixture.catalog.listFaces({ pack: PACK })).map((f) => f.id);
    const { out, sizes } = await collect(blocksById(fixture.catalog, [ids[0]!, 'unknown', ids[3]!, ids[5]!], 2));
    expect(out.map((f) => f.id)).toEqual([ids[0], ids[3], ids[5]]);
    expect(sizes).toEqual([1, 2]);
  });

  it('keep only the rows of the given faces', async () => {
    const fixture = testDoubleFixture();
    await fixture.add(faces, PACK);
    const all = await collect(catalogBlocks(fixture.catalog, PACK, 4)());
    const keep = new Set([all.out[1]!.id, all.out[6]!.id, all.out[7]!.id]);
    const kept = await collect(keepOnly(catalogBlocks(fixture.catalog, PACK, 4)(), keep));
    expect(kept.out).toEqual(all.out.filter((f) => keep.has(f.id)));
  });
});
