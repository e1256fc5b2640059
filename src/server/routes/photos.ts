import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { formatFor } from '../../library/photo-image.js';
import { PhotoImageQuery, PhotoPage, PhotoParams, PhotosQuery, PhotoWithFaces, Problem } from '../schemas/library.js';
import { clientHasTag, notModified, sendImage } from './image-reply.js';

const tags = ['photos'];
const problems = { 400: Problem, 404: Problem };

/** Photos: listing by people and capture days, one photo with its faces, the photo itself resized. */
export const photoRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lib } = app.ctx;

  app.get(
    '/api/photos',
    { schema: { tags, summary: 'a page of photos showing all the given people, in capture order', querystring: PhotosQuery, response: { 200: PhotoPage, ...problems } } },
    async (request) => lib.photos(request.query),
  );

  app.get(
    '/api/photos/:id',
    { schema: { tags, summary: 'one photo with its faces', params: PhotoParams, response: { 200: PhotoWithFaces, ...problems } } },
    async (request) => lib.photo(request.params.id),
  );

  app.get(
    '/api/photos/:id/image',
    {
      schema: {
        tags,
        summary: 'the photo upright, longest side at most size; WebP when Accept asks for image/webp, else JPEG (ETag, Cache-Control; 304 on If-None-Match)',
        params: PhotoParams,
        querystring: PhotoImageQuery,
        produces: ['image/jpeg', 'image/webp'],
      },
    },
    async (request, reply) => {
      const format = formatFor(request.headers.accept);
      // The answer depends on Accept: caches must keep the JPEG and the WebP apart.
      reply.header('vary', 'Accept');
      const etag = await lib.photoImageTag(request.params.id, request.query.size, format);
      if (clientHasTag(request, etag)) return notModified(reply, etag);
      return sendImage(reply, await lib.photoImage(request.params.id, request.query.size, format));
    },
  );
};
