import { FacetagLibrary } from '../../../src/api/facetag-library.js';
import { scannedLibraryCopy } from '../../server/support/scanned-library.js';
import { dataset } from '../../support/shared.js';

/** A private copy of small/deepface scanned with the default pack (61 photos, 10 people, none named), opened. */
export async function openDeepfaceCopy(): Promise<FacetagLibrary> {
  const dir = scannedLibraryCopy('deepface', dataset('small', 'deepface'));
  return FacetagLibrary.open({ library: dir, env: {} });
}

/** A photo with two faces, the first in a person: the material for "who appears with whom". */
export async function photoWithTwoFaces(lib: FacetagLibrary): Promise<{ sha256: string; personId: string; otherFaceId: string }> {
  const faces = await lib.backends.catalog.listFaces();
  for (const face of faces) {
    if (face.personId === null) continue;
    const other = faces.find((f) => f.photoSha256 === face.photoSha256 && f.id !== face.id && f.personId !== face.personId);
    if (other) return { sha256: face.photoSha256, personId: face.personId, otherFaceId: other.id };
  }
  throw new Error('small/deepface has no photo with two faces of different people any more');
}
