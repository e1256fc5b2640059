import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ImageRejectedError, type ImageProblemKind } from '../../inference/image-problem.js';
import { InferenceBusyError, PendingLimit } from '../../inference/pending-limit.js';
import { badRequest, busy, HttpProblem } from '../problem.js';
import { AlignedEmbedResponse, DetectResponse, EmbedQuery, EmbedResponse, ImageBody, InferenceProblem, RecognizeResponse } from '../schemas/inference.js';

/** What an image the caller sent is answered with, by why it cannot be analysed. */
const PROBLEM_STATUS: Record<ImageProblemKind, { status: number; error: string }> = {
  empty: { status: 400, error: 'bad request' },
  'not-an-image': { status: 415, error: 'unsupported media type' },
  unsupported: { status: 415, error: 'unsupported media type' },
  'too-many-pixels': { status: 413, error: 'too large' },
  corrupt: { status: 422, error: 'unreadable image' },
  'wrong-size': { status: 422, error: 'wrong size' },
};

const problems = { 400: InferenceProblem, 413: InferenceProblem, 415: InferenceProblem, 422: InferenceProblem, 503: InferenceProblem };
const consumes = ['image/*', 'application/octet-stream', 'multipart/form-data'];
const bodyHelp = 'Body: the image bytes (Content-Type image/* or application/octet-stream) or a multipart field "image"; the type is read from the bytes.';

/**
 * POST /v1/detect, /v1/embed, /v1/recognize: face inference on one uploaded image, on the library's shared model
 * threads. At most --max-pending requests run or wait at once; more get 503 with Retry-After.
 */
export const inferenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lib, settings, metrics } = app.ctx;
  // Both stay inside this plugin: other routes take JSON only.
  await app.register(multipart, { limits: { fileSize: settings.maxUploadBytes, files: 1, fields: 10, parts: 20 } });
  for (const type of ['application/octet-stream', /^image\/.+/]) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: settings.maxUploadBytes }, (_request, body, done) => done(null, body));
  }
  const limit = new PendingLimit(settings.maxPendingInference);
  // Scans on the shared pool are counted here too: the pool reports every image it analyses.
  const unwatch = lib.watchPool({
    activity: (pending, threads) => {
      metrics.poolBusy.set(pending);
      metrics.poolThreads.set(threads);
    },
    analysed: (faces) => {
      metrics.imagesAnalysed.inc();
      metrics.facesFound.inc(faces);
    },
  });
  app.addHook('onClose', async () => unwatch());

  const infer = async <T>(request: FastifyRequest, call: (bytes: Uint8Array) => Promise<T>): Promise<T> => {
    const bytes = await imageBytes(request);
    try {
      return await limit.run(() => call(bytes));
    } catch (err) {
      throw asProblem(request, err);
    }
  };

  app.post(
    '/v1/detect',
    { schema: { tags: ['inference'], summary: 'faces in an image: boxes, 5 landmarks, quality', description: bodyHelp, consumes, body: ImageBody, response: { 200: DetectResponse, ...problems } } },
    async (request) => infer(request, (bytes) => lib.detect(bytes)),
  );
  app.post(
    '/v1/embed',
    {
      schema: {
        tags: ['inference'],
        summary: 'faces with their embeddings; ?aligned=true: the embedding of one face already aligned (112x112)',
        description: bodyHelp,
        consumes,
        body: ImageBody,
        querystring: EmbedQuery,
        response: { 200: EmbedResponse.or(AlignedEmbedResponse), ...problems },
      },
    },
    async (request) => {
      if (request.query.aligned) {
        const { embedding, ...rest } = await infer(request, (bytes) => lib.embedAligned(bytes));
        return { ...rest, embedding: Array.from(embedding) };
      }
      const result = await infer(request, (bytes) => lib.embed(bytes));
      return { ...result, faces: result.faces.map((f) => ({ ...f, embedding: Array.from(f.embedding) })) };
    },
  );
  app.post(
    '/v1/recognize',
    {
      schema: { tags: ['inference'], summary: 'faces with the known person each belongs to (or null)', description: bodyHelp, consumes, body: ImageBody, response: { 200: RecognizeResponse, ...problems } },
    },
    async (request) => infer(request, (bytes) => lib.recognize(bytes)),
  );
};

/** The uploaded image: a multipart field "image" or the raw body. Over the size limit is a 413 (fastify's or multipart's). */
async function imageBytes(request: FastifyRequest): Promise<Uint8Array> {
  const where = `${request.method} ${request.url.split('?')[0]}`;
  if (request.isMultipart()) {
    const part = await request.file();
    if (part === undefined) throw badRequest(`${where}: the multipart body has no file; send the image as field "image"`);
    if (part.fieldname !== 'image') {
      part.file.resume();
      throw badRequest(`${where}: the multipart file is field "${part.fieldname}"; send the image as field "image"`);
    }
    return part.toBuffer();
  }
  if (Buffer.isBuffer(request.body)) return request.body;
  if (request.body === undefined || request.body === null) throw badRequest(`${where}: empty body; send the image bytes`);
  throw new HttpProblem(415, 'unsupported media type', `${where}: send the image bytes as image/* or application/octet-stream, or as multipart field "image"`);
}

function asProblem(request: FastifyRequest, err: unknown): unknown {
  const where = `${request.method} ${request.url.split('?')[0]}`;
  if (err instanceof ImageRejectedError) {
    const { status, error } = PROBLEM_STATUS[err.problem.kind];
    return new HttpProblem(status, error, `${where}: ${err.problem.reason}`);
  }
  if (err instanceof InferenceBusyError) return busy(`${where}: ${err.message}`, err.retryAfterSeconds);
  return err;
}
