import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Face, FaceParams, FacePage, MoveBody, PageQuery, Person, Problem } from '../schemas/library.js';
import { clientHasTag, notModified, sendImage } from './image-reply.js';

const tags = ['faces'];
const problems = { 400: Problem, 404: Problem };

/** Faces: one face, its crop, the faces of no one yet, and moving faces to a person. */
export const faceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lib } = app.ctx;

  app.post(
    '/api/faces/move',
    { schema: { tags, summary: "put faces into a person as the user's decision", body: MoveBody, response: { 200: Person, ...problems, 409: Problem } } },
    async (request) => lib.moveFaces(request.body.faceIds, request.body.to),
  );

  app.get(
    '/api/faces/unassigned',
    {
      schema: { tags, summary: 'a page of the faces of no one yet, similar faces side by side (biggest groups first)', querystring: PageQuery, response: { 200: FacePage, 400: Problem } },
    },
    async (request) => lib.unassignedFaces(request.query),
  );

  app.get(
    '/api/faces/:id',
    { schema: { tags, summary: 'one face', params: FaceParams, response: { 200: Face, ...problems } } },
    async (request) => lib.face(request.params.id),
  );

  app.get(
    '/api/faces/:id/crop',
    { schema: { tags, summary: 'the face thumbnail (image/jpeg, ETag, Cache-Control; 304 on If-None-Match)', params: FaceParams, produces: ['image/jpeg'] } },
    async (request, reply) => {
      const etag = await lib.faceCropTag(request.params.id);
      if (clientHasTag(request, etag)) return notModified(reply, etag);
      return sendImage(reply, await lib.faceCrop(request.params.id));
    },
  );
};
