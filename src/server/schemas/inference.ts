import { z } from 'zod';

/** The /v1 inference answers (docs/http-api.md "Inference"). Coordinates are pixels of the upright (EXIF-rotated) image. */

const Point = z.tuple([z.number(), z.number()]).readonly();

export const InferenceFace = z.object({
  box: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
  score: z.number(),
  /** Eye on the image's left, eye on the right, nose tip, mouth corner left, mouth corner right. */
  landmarks: z.tuple([Point, Point, Point, Point, Point]).readonly(),
  quality: z.object({ size: z.number(), sharpness: z.number(), frontal: z.number(), overall: z.number() }),
});

export const InferenceTimings = z
  .object({
    decode: z.number(),
    detect: z.number(),
    embed: z.number(),
    match: z.number().optional(),
    total: z.number(),
  })
  .describe('milliseconds per stage, and in all (including the wait for a model thread)');

const photoAnswer = <F extends z.ZodTypeAny>(face: F) =>
  z.object({ width: z.number().int(), height: z.number().int(), pack: z.string(), faces: z.array(face), timings: InferenceTimings });

export const Embedding = z.array(z.number()).describe('L2-normalised; the pack\'s embedding size');

export const DetectResponse = photoAnswer(InferenceFace);
export const EmbedResponse = photoAnswer(InferenceFace.extend({ embedding: Embedding }));
export const AlignedEmbedResponse = z.object({
  pack: z.string(),
  embedding: Embedding,
  timings: z.object({ decode: z.number(), embed: z.number(), total: z.number() }),
});
export const PersonMatch = z.object({
  personId: z.string().regex(/^p\d+$/),
  personName: z.string().nullable(),
  similarity: z.number().describe('mean cosine similarity to the person\'s closest faces, as clustering scores a face'),
});
export const RecognizeResponse = photoAnswer(InferenceFace.extend({ match: PersonMatch.nullable() }));

export const EmbedQuery = z.object({
  aligned: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('true: the body is one face already aligned to the pack\'s crop (112x112 for ArcFace-style packs)'),
});

/**
 * The body, for the API document only: validation is the content-type parser's and the service's (the bytes are
 * sniffed there), so anything passes here, including a multipart stream that is read later.
 */
export const ImageBody = z.any().meta({ type: 'string', format: 'binary', description: 'the image bytes, or multipart/form-data with the file in field "image"' });

export { Problem as InferenceProblem } from './problem.js';
