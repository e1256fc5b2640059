import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readinessChecks } from '../readiness.js';

const Health = z.object({ status: z.literal('ok'), version: z.string(), pack: z.string() });
const Ready = z.object({
  ready: z.boolean(),
  checks: z.array(z.object({ part: z.string(), ok: z.boolean(), detail: z.string() })),
});

/** Liveness and readiness, open to anyone (load balancers and orchestrators call them without a token). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    { config: { public: true }, schema: { tags: ['health'], summary: 'alive: the version and the model pack', security: [], response: { 200: Health } } },
    async () => ({ status: 'ok' as const, version: app.ctx.version, pack: await app.ctx.lib.pack() }),
  );
  app.get(
    '/ready',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: '200 only when catalog, object store, queue and models answer; 503 naming the part otherwise', security: [], response: { 200: Ready, 503: Ready } },
    },
    async (_request, reply) => {
      const checks = await readinessChecks(app.ctx);
      const ready = checks.every((c) => c.ok);
      return reply.code(ready ? 200 : 503).send({ ready, checks });
    },
  );
};
