import { describe, expect, it } from 'vitest';
import { cropKey, faceId, faceIdOfCropKey, packOfFaceId } from '../../src/catalog/catalog.js';

const sha = 'ab'.repeat(32);

describe('face ids and crop keys', () => {
  it('gives back the pack a face id was made with, dots in the pack name included', () => {
    expect(packOfFaceId(faceId(sha, 'yunet-scrfd500m-w600k', 3))).toBe('yunet-scrfd500m-w600k');
    expect(packOfFaceId(faceId(sha, 'pack.v2.1', 0))).toBe('pack.v2.1');
    expect(packOfFaceId('no-dots')).toBeNull();
  });

  it("gives back a crop key's face id, and null for objects that are not crops", () => {
    const id = faceId(sha, 'pack.v2', 12);
    expect(faceIdOfCropKey(cropKey(id))).toBe(id);
    expect(faceIdOfCropKey(`crops/${id}.png`)).toBeNull();
    expect(faceIdOfCropKey(`logs/${id}.jpg`)).toBeNull();
  });
});
