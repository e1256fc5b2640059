import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/config.js';
import { regionFace, templateInBox } from '../../../src/interop/import/region-face.js';
import { analysisSetup } from '../../../src/library/scan-library.js';
import { bestAvailablePack } from '../../../src/models/pack-registry.js';
import { analysePhoto, type Analyser } from '../../../src/pipeline/analyse-photo.js';
import { analyserFromSetup } from '../../../src/pipeline/analyser-from-setup.js';
import { decodePhoto } from '../../../src/pipeline/decode.js';
import { tempDir } from '../../support/cli.js';
import { dataset, SHARED_MODELS } from '../../support/shared.js';

let analyser: Analyser;

beforeAll(async () => {
  const config = resolveConfig({}, { FACETAG_LIBRARY: tempDir('region-face'), FACETAG_MODELS_PATH: SHARED_MODELS });
  const pack = (await bestAvailablePack(config.modelDirs)).manifest.name;
  analyser = await analyserFromSetup(analysisSetup(config, pack));
});

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

describe('regionFace (a face made from a region, embedded with the pack)', () => {
  it('on a face the scan finds, takes the detector\'s landmarks in the cut and embeds it as the scan does', async () => {
    const bytes = readFileSync(join(dataset('small', 'deepface', 'person01'), 'img1.jpg'));
    const scanned = await analysePhoto(bytes, analyser);
    expect(scanned.faces.length).toBe(1);
    const found = scanned.faces[0]!;
    const made = await regionFace(await decodePhoto(bytes, analyser.decode), found.box, analyser, 7);
    expect(made.landmarksFrom).toBe('detector');
    expect(made.face.index).toBe(7);
    expect(made.face.box).toEqual(found.box);
    expect(made.face.embedding.length).toBe(found.embedding.length);
    // The same face, aligned from landmarks found in a cut rather than in the whole photo: nearly the same vector.
    expect(cosine(made.face.embedding, found.embedding)).toBeGreaterThan(0.9);
    const spread = Math.max(...made.face.landmarks.map(([x], i) => Math.abs(x - found.landmarks[i]![0])));
    expect(spread).toBeLessThan(found.box.w * 0.1);
  });

  it('where the detector sees no face, aligns the region as drawn (the template placed in its square)', async () => {
    const bytes = readFileSync(join(dataset('hard', 'painted_face'), 'darknet_scream.jpg'));
    const decoded = await decodePhoto(bytes, analyser.decode);
    expect(decoded.toFullScale).toBe(1);
    const head = { x: 160, y: 215, w: 55, h: 68 };
    const made = await regionFace(decoded, head, analyser, 0);
    expect(made.landmarksFrom).toBe('region');
    expect(made.face.landmarks).toEqual(templateInBox(head));
    const norm = Math.sqrt(cosine(made.face.embedding, made.face.embedding));
    expect(norm).toBeCloseTo(1, 3);
    expect([...made.crop.subarray(0, 2)]).toEqual([0xff, 0xd8]); // a JPEG, as the scan stores
  });
});

describe('templateInBox', () => {
  it('puts the five ArcFace points in the square around the box, eyes above nose above mouth', () => {
    const box = { x: 100, y: 50, w: 40, h: 80 };
    const [leftEye, rightEye, nose, mouthLeft, mouthRight] = templateInBox(box);
    // The square is 80 px wide, centred on the box (x 80..160).
    expect(leftEye[0]).toBeCloseTo(80 + (38.2946 / 112) * 80, 6);
    expect(rightEye[0]).toBeGreaterThan(leftEye[0]);
    expect(nose[1]).toBeGreaterThan(leftEye[1]);
    expect(mouthLeft[1]).toBeGreaterThan(nose[1]);
    expect(mouthRight[1]).toBeCloseTo(50 + (92.2041 / 112) * 80, 6);
  });
});
