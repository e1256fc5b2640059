import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { libraryStatus } from '../../library/library-status.js';
import { Status } from '../schemas/work.js';

/** Where the library lives and whether each part answers, the model packs, counts and the last run. */
export const statusRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/status',
    {
      schema: {
        tags: ['status'],
        summary: 'version, library, catalog, object store, queue and workers (each with whether it answers), model packs, counts, last run, errors',
        response: { 200: Status },
      },
    },
    // The library does not know whether this server was given a language model (facetag serve --llm-url); the server does.
    async () => ({ ...(await libraryStatus(app.ctx.lib, app.ctx.version, app.ctx.queue)), llm: { configured: app.ctx.llm !== null } }),
  );
};
