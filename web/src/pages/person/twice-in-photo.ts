import type { Face } from '../../api/types';

/**
 * Photos holding two or more of the person's faces: one person is never twice in a photo (mirrors and posters
 * aside), so these are where siblings or parent and child were merged into one person.
 */
export function photosWithTwoFaces(faces: readonly Face[]): Map<string, Face[]> {
  const byPhoto = new Map<string, Face[]>();
  for (const face of faces) {
    const list = byPhoto.get(face.photoId);
    if (list) list.push(face);
    else byPhoto.set(face.photoId, [face]);
  }
  for (const [photo, list] of byPhoto) if (list.length < 2) byPhoto.delete(photo);
  return byPhoto;
}
