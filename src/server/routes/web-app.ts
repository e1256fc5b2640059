import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { packageRoot } from '../../package-root.js';

/** Vite names every asset after its content, so a browser may keep it for a year; index.html names the current ones. */
const HASHED_ASSET = 'public, max-age=31536000, immutable';
const ALWAYS_REVALIDATE = 'no-cache';

/**
 * The web app built by `vite build` into dist/web: its files are public (they hold no library data; every API call
 * they make needs the token), and a browser's GET of one of its pages (/people/p3, opened from a bookmark) gets
 * index.html so that the client-side router shows it. Without a build, / says so in a JSON 404.
 */
export const webAppRoutes: FastifyPluginAsyncZod = async (app) => {
  const root = join(packageRoot(), 'dist', 'web');
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    const notBuilt = (reply: FastifyReply) =>
      reply.code(404).send({ error: 'not found', detail: `the web app is not built (no ${index}): run npm run build` });
    app.pageFallback.serve = async (_request, reply) => notBuilt(reply);
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => notBuilt(reply));
    return;
  }

  // Routes registered below (the static files) need no token; the hook is scoped to this plugin.
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), public: true };
  });
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: true,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', basename(path) === 'index.html' ? ALWAYS_REVALIDATE : HASHED_ASSET);
    },
  });
  app.pageFallback.serve = async (_request, reply) =>
    reply.code(200).type('text/html; charset=utf-8').header('cache-control', ALWAYS_REVALIDATE).send(await readFile(index));
};
