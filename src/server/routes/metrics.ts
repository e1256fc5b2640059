import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Prometheus text format; behind the token like everything that tells about the library. */
export const metricsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/metrics', { schema: { tags: ['health'], summary: 'Prometheus metrics' } }, async (_request, reply) => {
    const { registry } = app.ctx.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};
