import type { StoredFace, StoredPerson } from '../../../src/catalog/catalog.js';
import type { Box } from '../../../src/domain/types.js';
import type { RegionMatch } from '../../../src/interop/import/match-regions.js';

/** A stored face with only what import looks at filled in meaningfully. */
export function face(id: string, box: Box, personId: string | null = null, source: StoredFace['source'] = personId === null ? null : 'auto'): StoredFace {
  return {
    id, photoSha256: 'sha', index: 0, box, score: 0.9, pack: 'pack',
    landmarks: [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0]],
    quality: { size: 1, sharpness: 1, frontal: 1, overall: 1 }, personId, source,
  };
}

export function person(id: string, name: string | null): StoredPerson {
  return { id, name, hidden: false, faces: 1, photos: 1, samplePath: null, bestFaceId: null };
}

/** A region of `name` matched to `matched` with the given overlap. */
export function match(name: string, matched: StoredFace | null, iou = 1): RegionMatch {
  const box = matched?.box ?? { x: 0, y: 0, w: 1, h: 1 };
  return { region: { name, box, format: 'mwg', file: 'photo.jpg.xmp' }, face: matched, iou, box };
}
