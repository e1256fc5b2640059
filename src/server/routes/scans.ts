import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ScanService } from '../../library/scan-service.js';
import { listScanErrors } from '../../library/library-status.js';
import { Problem, Scan, ScanErrors, ScanId, ScanList, StartScanBody } from '../schemas/work.js';

/** A comment line now and then keeps proxies from closing an event stream that has nothing new to say. */
const KEEP_ALIVE_MS = 15_000;
/** Progress events per second at most: enough for a progress bar, little enough for many readers. */
const EVENT_EVERY_MS = 250;

/**
 * Scans started over HTTP (below --roots only), their progress as JSON or Server-Sent Events, and the files that
 * could not be analysed. One scan at a time: a second one while one runs is refused with 409.
 */
export const scanRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lib, settings, queue } = app.ctx;
  const scans = new ScanService((paths, options) => lib.scan(paths, { ...options, queue }), settings.roots);
  // On SIGTERM running scans are asked to stop first, so their event streams end and the server can close;
  // the library is closed only after they have stored what was in flight.
  app.addHook('preClose', async () => scans.stopAll());
  app.addHook('onClose', async () => scans.close());

  const tags = ['scans'];
  app.post(
    '/api/scans',
    {
      schema: {
        tags,
        summary: 'start a scan of folders (or one s3:// prefix) below the server\'s --roots; 403 outside them, 409 while another runs',
        body: StartScanBody,
        response: { 202: Scan, 403: Problem, 409: Problem },
      },
    },
    async (request, reply) => reply.code(202).send(await scans.start(request.body.paths)),
  );
  app.get('/api/scans', { schema: { tags, summary: 'scans since the server started, newest first', response: { 200: ScanList } } }, async () => ({
    items: scans.list(),
  }));
  app.get('/api/scans/:id', { schema: { tags, summary: 'one scan', params: ScanId, response: { 200: Scan, 404: Problem } } }, async (request) =>
    scans.get(request.params.id),
  );
  app.delete(
    '/api/scans/:id',
    { schema: { tags, summary: 'ask a scan to stop: photos in flight are finished and stored', params: ScanId, response: { 200: Scan, 404: Problem } } },
    async (request) => scans.stop(request.params.id),
  );
  app.get(
    '/api/scans/:id/events',
    {
      schema: {
        tags,
        summary: 'text/event-stream: `data: <Scan JSON>` now, on each change (at most 4 a second) and at the end, then the stream ends',
        params: ScanId,
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      scans.get(id); // 404 before the stream starts
      const stream = new PassThrough();
      const keepAlive = setInterval(() => stream.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      const finish = (): void => {
        clearInterval(keepAlive);
        stream.end();
      };
      const unsubscribe = scans.subscribe(id, (scan) => stream.write(`data: ${JSON.stringify(scan)}\n\n`), finish, EVENT_EVERY_MS);
      // A reader that goes away stops getting events.
      reply.raw.once('close', () => {
        unsubscribe();
        finish();
      });
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );

  app.get('/api/errors', { schema: { tags, summary: 'files that could not be analysed, and why', response: { 200: ScanErrors } } }, async () => ({
    items: await listScanErrors(lib),
  }));
};
