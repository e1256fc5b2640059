import path from 'node:path';
import { z } from 'zod';

/**
 * The JSON export format, version 1. Other tools read this file, so the shape only grows:
 * fields are added, never renamed or removed, without a new version number.
 */

/** Whole pixels of the upright (EXIF-oriented) image, clamped to the image. */
export const ExportedBoxSchema = z.object({
  x: z.int().nonnegative(),
  y: z.int().nonnegative(),
  w: z.int().nonnegative(),
  h: z.int().nonnegative(),
});

export const ExportedFaceSchema = z.object({
  id: z.string().min(1),
  box: ExportedBoxSchema,
  score: z.number().min(0).max(1),
  personId: z.string().min(1).nullable(),
  personName: z.string().nullable(),
  /** Position of the face within its photo, in detection order. */
  index: z.int().nonnegative(),
  /** Five points (eyes, nose tip, mouth corners) in pixels of the upright image. */
  landmarks: z.array(z.tuple([z.number(), z.number()])).length(5),
  quality: z.object({
    size: z.number(),
    sharpness: z.number(),
    frontal: z.number(),
    overall: z.number(),
  }),
  /** The model pack that found the face. */
  pack: z.string().min(1),
  /** Who put the face with its person: the clusterer ('auto') or a person ('user'); null when unassigned. */
  source: z.enum(['auto', 'user']).nullable(),
});

export const ExportedPhotoSchema = z.object({
  // A file's absolute path, or the s3://bucket/key URL of a photo scanned from a bucket.
  path: z.string().refine((p) => path.isAbsolute(p) || p.startsWith('s3://'), 'path must be absolute or an s3:// URL'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits'),
  width: z.int().positive(),
  height: z.int().positive(),
  /** Local capture times without a zone are allowed: many cameras record no offset. */
  takenAt: z.iso.datetime({ offset: true, local: true }).nullable(),
  format: z.string(),
  camera: z.string().nullable(),
  gps: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).nullable(),
  faces: z.array(ExportedFaceSchema),
});

export const ExportedPersonSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullable(),
  hidden: z.boolean(),
  /** Faces of this person in this export. */
  faces: z.int().nonnegative(),
  /** Photos of this export that show this person. */
  photos: z.int().nonnegative(),
});

export const LibraryExportSchema = z
  .object({
    version: z.literal(1),
    photos: z.array(ExportedPhotoSchema),
    people: z.array(ExportedPersonSchema),
  })
  .superRefine((library, ctx) => {
    // The shape alone would accept an export whose parts contradict each other; readers rely on these.
    const people = new Map(library.people.map((p) => [p.id, p]));
    const facesOf = new Map<string, number>();
    const photosOf = new Map<string, number>();
    library.photos.forEach((photo, photoIndex) => {
      const seenHere = new Set<string>();
      photo.faces.forEach((face, faceIndex) => {
        const at = ['photos', photoIndex, 'faces', faceIndex];
        if (face.box.x + face.box.w > photo.width || face.box.y + face.box.h > photo.height) {
          ctx.addIssue({ code: 'custom', path: [...at, 'box'], message: 'box reaches outside the photo' });
        }
        if (face.personId === null) {
          if (face.personName !== null) {
            ctx.addIssue({ code: 'custom', path: [...at, 'personName'], message: 'a face without a person has no name' });
          }
          return;
        }
        const person = people.get(face.personId);
        if (!person) {
          ctx.addIssue({ code: 'custom', path: [...at, 'personId'], message: `unknown person ${face.personId}` });
          return;
        }
        if (person.name !== face.personName) {
          ctx.addIssue({ code: 'custom', path: [...at, 'personName'], message: `differs from the name of ${person.id}` });
        }
        facesOf.set(person.id, (facesOf.get(person.id) ?? 0) + 1);
        if (!seenHere.has(person.id)) photosOf.set(person.id, (photosOf.get(person.id) ?? 0) + 1);
        seenHere.add(person.id);
      });
    });
    library.people.forEach((person, personIndex) => {
      if (person.faces !== (facesOf.get(person.id) ?? 0)) {
        ctx.addIssue({ code: 'custom', path: ['people', personIndex, 'faces'], message: 'differs from the faces listed' });
      }
      if (person.photos !== (photosOf.get(person.id) ?? 0)) {
        ctx.addIssue({ code: 'custom', path: ['people', personIndex, 'photos'], message: 'differs from the photos listed' });
      }
    });
  });

export type ExportedBox = z.infer<typeof ExportedBoxSchema>;
export type ExportedFace = z.infer<typeof ExportedFaceSchema>;
export type ExportedPhoto = z.infer<typeof ExportedPhotoSchema>;
export type ExportedPerson = z.infer<typeof ExportedPersonSchema>;
export type LibraryExport = z.infer<typeof LibraryExportSchema>;
