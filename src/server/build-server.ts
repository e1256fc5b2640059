import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { installAuth } from './auth.js';
import { installErrorHandler } from './error-handler.js';
import { healthRoutePlugins, inferenceRoutePlugins, libraryRoutePlugins } from './routes/all-routes.js';
import type { ServerContext } from './server-context.js';

/**
 * The fastify instance with everything every route shares: request ids, auth, error mapping, security headers,
 * the OpenAPI document from the routes' zod schemas, metrics per route. Listening is the caller's business.
 */
export async function buildServer(ctx: ServerContext, logger: Logger): Promise<FastifyInstance> {
  const { settings } = ctx;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: settings.maxUploadBytes,
    // Too many parameters or a huge URL is a client's mistake, not a reason to spend memory.
    routerOptions: { maxParamLength: 200 },
    ...(settings.tls ? { https: { cert: readFileSync(settings.tls.cert), key: readFileSync(settings.tls.key) } } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('ctx', ctx);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Once stopping, answers to the requests still in flight close their connections: an idle keep-alive socket
  // would otherwise hold close() open until the grace period ends.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    // A stream whose headers went out before the stop (scan events) kept its connection alive: once it has
    // ended, its socket is idle and would hold close() open just the same.
    if (closing) setImmediate(() => app.server.closeIdleConnections());
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.requestSeconds.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  installErrorHandler(app);

  const https = settings.tls !== null;
  await app.register(helmet, {
    // The docs page runs swagger-ui's inline script; the web app is bundled and needs nothing from elsewhere.
    // Over plain HTTP (a laptop, a LAN) asking browsers to upgrade to HTTPS would break every page.
    contentSecurityPolicy: {
      directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:', 'blob:'], 'upgrade-insecure-requests': https ? [] : null },
    },
    hsts: https,
  });
  await app.register(cookie);
  if (settings.corsOrigin !== null) await app.register(cors, { origin: settings.corsOrigin, credentials: true });
  installAuth(app, ctx.token);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'facetag', version: ctx.version, description: 'Face inference, the library (people, faces, photos) and its administration.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'facetag_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // swagger-ui's own routes are public: the page and its assets hold no library data.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config as object), public: true };
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true } });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const plugins = [...healthRoutePlugins, ...inferenceRoutePlugins, ...(settings.onlyInference ? [] : libraryRoutePlugins)];
  for (const plugin of plugins) await app.register(plugin);
  return app;
}
