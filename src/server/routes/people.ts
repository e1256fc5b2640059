import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Companions,
  CreatePersonBody,
  FaceIdsBody,
  FacePage,
  Graph,
  MergeBody,
  PatchPersonBody,
  PeopleQuery,
  Person,
  PersonFacesQuery,
  PersonPage,
  PersonParams,
  Problem,
  Rejected,
  SearchAnswer,
  SearchQuery,
  Timeline,
} from '../schemas/library.js';

const tags = ['people'];
const problems = { 400: Problem, 404: Problem };
const changeProblems = { ...problems, 409: Problem };

/** The people of the library (/api/people, /api/search, /api/graph): listing, one person, corrections. */
export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lib } = app.ctx;

  app.get(
    '/api/people',
    { schema: { tags, summary: 'a page of people, sorted and filtered', querystring: PeopleQuery, response: { 200: PersonPage, 400: Problem } } },
    async (request) => lib.people(request.query),
  );

  app.post(
    '/api/people',
    {
      schema: {
        tags,
        summary: "a new person, named or not, holding the given faces as the user's decision",
        body: CreatePersonBody,
        response: { 201: Person, ...changeProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await lib.createPerson(request.body.name ?? null, request.body.faceIds ?? [])),
  );

  app.get(
    '/api/people/:id',
    { schema: { tags, summary: 'one person', params: PersonParams, response: { 200: Person, ...problems } } },
    async (request) => (await lib.person(request.params.id)).info(),
  );

  app.patch(
    '/api/people/:id',
    {
      schema: { tags, summary: 'rename (null: no name), hide or show a person', params: PersonParams, body: PatchPersonBody, response: { 200: Person, ...changeProblems } },
    },
    async (request) => {
      const person = await lib.person(request.params.id);
      const { name, hidden } = request.body;
      if (name !== undefined) await person.rename(name);
      if (hidden !== undefined) await (hidden ? person.hide() : person.unhide());
      return person.info();
    },
  );

  app.get(
    '/api/people/:id/faces',
    {
      schema: {
        tags,
        summary: "a page of the person's faces with their similarity to the person's mean; least-similar first finds the mistakes",
        params: PersonParams,
        querystring: PersonFacesQuery,
        response: { 200: FacePage, ...problems },
      },
    },
    async (request) => (await lib.person(request.params.id)).faces(request.query),
  );

  app.post(
    '/api/people/:id/merge',
    { schema: { tags, summary: 'fold other people into this one', params: PersonParams, body: MergeBody, response: { 200: Person, ...changeProblems } } },
    async (request) => (await lib.person(request.params.id)).merge(request.body.from),
  );

  app.post(
    '/api/people/:id/split',
    {
      schema: { tags, summary: 'move faces out into a new person, never merged back', params: PersonParams, body: FaceIdsBody, response: { 201: Person, ...changeProblems } },
    },
    async (request, reply) => reply.code(201).send(await (await lib.person(request.params.id)).split(request.body.faceIds)),
  );

  app.post(
    '/api/people/:id/reject',
    {
      schema: { tags, summary: 'not this person: the faces leave for good', params: PersonParams, body: FaceIdsBody, response: { 200: Rejected, ...changeProblems } },
    },
    async (request) => ({ rejected: await (await lib.person(request.params.id)).reject(request.body.faceIds) }),
  );

  app.get(
    '/api/people/:id/timeline',
    { schema: { tags, summary: "the person's photos in capture order (undated last)", params: PersonParams, response: { 200: Timeline, ...problems } } },
    async (request) => ({ items: await (await lib.person(request.params.id)).timeline() }),
  );

  app.get(
    '/api/people/:id/companions',
    { schema: { tags, summary: 'who appears with the person, most shared photos first', params: PersonParams, response: { 200: Companions, ...problems } } },
    async (request) => ({ items: await (await lib.person(request.params.id)).companions() }),
  );

  app.get(
    '/api/search',
    { schema: { tags, summary: 'people whose name contains q, ignoring case', querystring: SearchQuery, response: { 200: SearchAnswer, 400: Problem } } },
    async (request) => ({ people: await lib.searchPeople(request.query.q) }),
  );

  app.get(
    '/api/graph',
    { schema: { tags, summary: 'who appears with whom: people as nodes, shared photos as weighted edges', response: { 200: Graph } } },
    async () => lib.graph(),
  );
};
