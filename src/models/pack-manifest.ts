import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits');

const httpsUrl = z
  .string()
  .url()
  .refine((url) => url.startsWith('https://'), 'download sources must be https:// addresses');

/** The terms a weights file comes under, as its authors published them. */
export const FileLicenceSchema = z.object({
  terms: z.string().min(1),
  /** False when the terms forbid commercial use or do not confirm it: `models pull` then asks the user to accept them. */
  commercialUse: z.boolean(),
});

/** A weights file: where to find it, how to check it, where a user may download it from. */
export const PackFileSchema = z.object({
  file: z.string().min(1),
  sha256,
  /** Size in bytes: what a download costs before it starts (the first-scan hint, `models list`). */
  bytes: z.number().int().positive().optional(),
  licence: FileLicenceSchema.optional(),
  /**
   * Pinned download addresses for `facetag models pull`, tried in order; whatever one serves is installed only if
   * its sha256 is the pinned one. Raw-file addresses at a fixed commit, so the bytes cannot change under the same URL.
   */
  sources: z.array(httpsUrl).default([]),
});

export type PackFile = z.infer<typeof PackFileSchema>;

/**
 * A second detector that only looks at a small square cut around each face found, for better landmarks (alignment);
 * its cost grows with the number of faces, not with the photo's size.
 */
const LandmarkDetectorSchema = PackFileSchema.extend({
  family: z.literal('scrfd'),
  /** Side of the cut in the landmark detector's input, pixels; the face spans about half of it. One pass up to 256. */
  cropSize: z.number().int().min(64).max(256),
  scoreThreshold: z.number().min(0).max(1),
  /**
   * Keep only faces the second detector also finds in their cut. Measured with YuNet + SCRFD-0.5G: drops background
   * blobs, bottle necks and faces cut by the frame, and no clearly visible face of groups/, small/ or hard/.
   */
  confirm: z.boolean().default(false),
});

/**
 * Longest side of the decoded photo that faces are aligned and cropped from, when it should be bigger than the
 * detector's input: the detector then looks at a smaller copy (cost grows with its pixels), while alignment still
 * sees the face in detail. Absent: the detect size.
 */
const AlignSizeSchema = z.number().int().positive().optional();

const DetectorSchema = z.discriminatedUnion('family', [
  PackFileSchema.extend({
    family: z.literal('yunet'),
    detectSize: z.number().int().positive(),
    alignSize: AlignSizeSchema,
    scoreThreshold: z.number().min(0).max(1),
    nmsIou: z.number().min(0).max(1),
    landmarks: LandmarkDetectorSchema.optional(),
  }),
  PackFileSchema.extend({
    family: z.literal('scrfd'),
    detectSize: z.number().int().positive(),
    alignSize: AlignSizeSchema,
    scoreThreshold: z.number().min(0).max(1),
    nmsIou: z.number().min(0).max(1),
  }),
  // Built from npm-shipped TFJS weights at first use: no files to download or verify.
  z.object({
    family: z.literal('blazeface'),
    variant: z.enum(['back', 'full']),
    /** Longest side of the image kept for alignment (BlazeFace itself looks at 256 px tiles). */
    detectSize: z.number().int().positive(),
    scoreThreshold: z.number().min(0).max(1),
    nmsIou: z.number().min(0).max(1),
    tilesPerSide: z.number().int().min(1).max(4),
  }),
]);

const EmbedderSchema = z.discriminatedUnion('family', [
  PackFileSchema.extend({
    family: z.literal('arcface'),
    embeddingSize: z.number().int().positive(),
    colour: z.enum(['rgb', 'bgr']),
    mean: z.number(),
    std: z.number().positive(),
    flip: z.boolean().default(false),
    maxBatch: z.number().int().positive().default(16),
  }),
  // dlib's ResNet rebuilt from @vladmandic/face-api's weights at first use.
  z.object({
    family: z.literal('dlib-resnet'),
    flavour: z.enum(['dlib', 'face-api']),
    crop: z.object({ size: z.number().int().positive(), padding: z.number().min(0) }),
    flip: z.boolean(),
    maxBatch: z.number().int().positive(),
  }),
]);

/**
 * Face verification measured for a pack on labelled pairs (LFW protocol), with the data and the command it came from,
 * so that anyone can measure it again: `facetag eval --calibrate` prints this block.
 */
export const VerificationCalibrationSchema = z.object({
  /** The pairs file, relative to the shared datasets folder, and its sha256: the exact data. */
  pairs: z.string().min(1),
  pairsSha256: sha256,
  pairCount: z.number().int().positive(),
  /** Pairs with a photo in which the pack found no face (scored as "different"). */
  pairsWithoutFace: z.number().int().min(0),
  folds: z.number().int().min(2),
  /** Cosine similarity above which two faces are called the same person: the best single threshold on all pairs. */
  threshold: z.number().min(-1).max(1),
  /** Accuracy at that threshold (optimistic: chosen on the same pairs). */
  accuracyAtThreshold: z.number().min(0).max(1),
  /** LFW protocol: each fold scored with the threshold best on the other folds; mean and standard deviation. */
  crossValidatedAccuracy: z.number().min(0).max(1),
  crossValidatedStd: z.number().min(0).max(1),
  /** Range of the per-fold thresholds: how stable the threshold is (absent in blocks transcribed from older eval output). */
  foldThresholds: z.tuple([z.number(), z.number()]).optional(),
  /** Day of the measurement (YYYY-MM-DD) and the facetag command that reproduces it. */
  measured: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  command: z.string().min(1),
});

export type VerificationCalibration = z.infer<typeof VerificationCalibrationSchema>;

export const PackManifestSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'pack names are lower-case letters, digits, dot, dash, underscore'),
  description: z.string(),
  licence: z.string(),
  detector: DetectorSchema,
  embedder: EmbedderSchema,
  /** Clustering thresholds tuned for this pack's embeddings; missing values fall back to the defaults. */
  clustering: z.record(z.string(), z.number()).default({}),
  /** What was measured for this pack, and on which data: see VerificationCalibrationSchema. */
  calibration: z
    .object({
      verification: VerificationCalibrationSchema.optional(),
      /** Where the clustering thresholds came from: data set, method, measured accuracy. */
      clustering: z.string().optional(),
    })
    .default({}),
  /** Higher wins when the library picks the best available pack on first scan. */
  preference: z.number().default(0),
});

export type PackManifest = z.infer<typeof PackManifestSchema>;
export type DetectorSpec = PackManifest['detector'];
export type EmbedderSpec = PackManifest['embedder'];

export function packFiles(manifest: PackManifest): PackFile[] {
  const files: PackFile[] = [];
  const landmarks = 'landmarks' in manifest.detector ? manifest.detector.landmarks : undefined;
  for (const part of [manifest.detector, ...(landmarks ? [landmarks] : []), manifest.embedder]) {
    if ('file' in part && 'sha256' in part) {
      files.push({ file: part.file, sha256: part.sha256, bytes: part.bytes, licence: part.licence, sources: part.sources });
    }
  }
  return files;
}
