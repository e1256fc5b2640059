import { describe, expect, it } from 'vitest';
import type { FaceWithEmbedding } from '../../src/catalog/catalog.js';
import { groupedOrder } from '../../src/people/unassigned-faces.js';
import { randomUnitVector, seededRandom } from '../catalog/catalog-fixtures.js';

/** A face near `centre` (similarity ~0.9 to it), or a random stranger when centre is null. */
function face(id: string, centre: Float32Array | null, random: () => number, quality: number): FaceWithEmbedding {
  const noise = randomUnitVector(random, 64);
  const embedding = centre === null ? noise : centre.map((v, i) => v + 0.45 * noise[i]!);
  return {
    id,
    photoSha256: id.padEnd(64, '0'),
    index: 0,
    box: { x: 0, y: 0, w: 10, h: 10 },
    score: 0.9,
    landmarks: [[0, 0], [1, 0], [0.5, 0.5], [0, 1], [1, 1]],
    quality: { size: 1, sharpness: 1, frontal: 1, overall: quality },
    pack: 'test',
    personId: null,
    source: null,
    embedding,
  };
}

describe('unassigned faces in groups of connected neighbours', () => {
  const random = seededRandom(7);
  const [alice, bob] = [randomUnitVector(random, 64), randomUnitVector(random, 64)];
  const faces = [
    face('a1', alice, random, 0.5),
    face('s1', null, random, 0.99),
    face('b1', bob, random, 0.7),
    face('a2', alice, random, 0.9),
    face('a3', alice, random, 0.6),
    face('s2', null, random, 0.2),
    face('b2', bob, random, 0.4),
    face('a4', alice, random, 0.1),
  ];

  it('puts the biggest group first, starting from its best face, and lone faces last by quality', async () => {
    const order = await groupedOrder(faces, 0.4);
    expect(order.slice(0, 4).sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(order[0]).toBe('a2');
    expect(order.slice(4, 6)).toEqual(['b1', 'b2']);
    expect(order.slice(6)).toEqual(['s1', 's2']);
  });

  it('gives the same order whatever order the faces come in', async () => {
    const reversed = await groupedOrder([...faces].reverse(), 0.4);
    expect(reversed).toEqual(await groupedOrder(faces, 0.4));
  });

  it('links nothing above a similarity no two faces reach: every face alone, by quality', async () => {
    expect(await groupedOrder(faces, 0.999)).toEqual(['s1', 'a2', 'b1', 'a3', 'a1', 'b2', 's2', 'a4']);
  });
});
