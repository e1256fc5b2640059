import { describe, expect, it } from 'vitest';
import type { StoredFace } from '../../src/catalog/catalog.js';
import { matchByBox } from '../../src/library/carry-decisions.js';
import type { CarriedFace } from '../../src/library/pack-switch-plan.js';

const old = (faceId: string, x: number): CarriedFace => ({ faceId, photoSha256: 'a', box: { x, y: 0, w: 100, h: 100 }, personId: 'p1', source: 'user', carryPerson: true });
const fresh = (id: string, x: number) => ({ id, box: { x, y: 0, w: 100, h: 100 } }) as StoredFace;

describe('matchByBox', () => {
  it('gives each old face the new face of the best-overlapping box, each new face once', () => {
    // o1 overlaps n1 (IoU 0.82) and n2 (0.33); o2 overlaps n2 (0.90) and n1 (0.48).
    const matched = matchByBox([old('o1', 0), old('o2', 45)], [fresh('n1', 10), fresh('n2', 50)]);
    expect(matched.get('o1')?.id).toBe('n1');
    expect(matched.get('o2')?.id).toBe('n2');
  });

  it('leaves a face unmatched when no new box overlaps it by IoU 0.5 or more, or its box went to a better match', () => {
    expect(matchByBox([old('o1', 0)], [fresh('n1', 40)]).size).toBe(0);
    const matched = matchByBox([old('o1', 0), old('o2', 5)], [fresh('n1', 0)]);
    expect([...matched.keys()]).toEqual(['o1']);
  });
});
