import { createHash } from 'node:crypto';
import type { Catalog } from '../../src/catalog/catalog.js';
import { faceId } from '../../src/catalog/catalog.js';
import type { Box, FoundFace, Landmarks5 } from '../../src/domain/types.js';

/** Helpers to fill any catalog through the Catalog interface. */

export const PACK = 'test-pack';

export type FillableCatalog = Pick<Catalog, 'storePhoto' | 'createPerson' | 'assignFaces' | 'renamePerson' | 'setHidden'>;

export interface PhotoSpec {
  path: string;
  width: number;
  height: number;
  takenAt?: string | null;
  faces: { box: Box; score?: number }[];
  pack?: string;
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Stores a photo with its faces and returns the ids of the faces in order. */
export async function addPhoto(catalog: FillableCatalog, spec: PhotoSpec): Promise<string[]> {
  const sha256 = sha256Of(spec.path);
  const pack = spec.pack ?? PACK;
  await catalog.storePhoto({
    file: { path: spec.path, sha256, size: 1000, mtimeMs: 1_700_000_000_000 },
    meta: {
      sha256,
      width: spec.width,
      height: spec.height,
      format: 'jpeg',
      takenAt: spec.takenAt ?? null,
      gps: null,
      camera: null,
    },
    pack,
    faces: spec.faces.map((f, index) => foundFace(index, f.box, f.score ?? 0.9)),
  });
  return spec.faces.map((_, index) => faceId(sha256, pack, index));
}

function foundFace(index: number, box: Box, score: number): FoundFace {
  const { x, y, w, h } = box;
  const landmarks: Landmarks5 = [
    [x + w * 0.3, y + h * 0.4],
    [x + w * 0.7, y + h * 0.4],
    [x + w * 0.5, y + h * 0.6],
    [x + w * 0.35, y + h * 0.8],
    [x + w * 0.65, y + h * 0.8],
  ];
  return {
    index,
    box,
    score,
    landmarks,
    quality: { size: 0.8, sharpness: 0.7, frontal: 0.9, overall: 0.75 },
    embedding: new Float32Array(4).fill(0.5),
  };
}

export async function addPerson(
  catalog: FillableCatalog,
  name: string | null,
  faceIds: readonly string[],
  options: { hidden?: boolean; source?: 'auto' | 'user' } = {},
): Promise<string> {
  const id = await catalog.createPerson(name);
  await catalog.assignFaces(faceIds.map((faceId) => ({ faceId, personId: id, source: options.source ?? 'user' })));
  if (options.hidden) await catalog.setHidden(id, true);
  return id;
}
