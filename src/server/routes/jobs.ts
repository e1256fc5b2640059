import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { within } from '../../library/within.js';
import { BullmqQueues } from '../../queue/bullmq/bullmq-queues.js';
import { actOnFailedJobs, listWorkers, queueOverview } from '../../queue/queue-report.js';
import { HttpProblem } from '../problem.js';
import { Jobs, JobsAction, JobsCount, Problem, Workers } from '../schemas/work.js';

/** Failed jobs listed per stage, as `facetag jobs` does by default. */
const FAILED_PER_STAGE = 20;
/** A queue that does not answer this fast is reported as unavailable (503) instead of holding the request. */
const QUEUE_TIMEOUT_MS = 5000;

/**
 * The job queues and their workers (`--queue`), as `facetag jobs` and `facetag cluster status` show them.
 * Without a queue: configured false and empty lists.
 */
export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  const settings = app.ctx.queue;
  const queues = settings ? new BullmqQueues(settings, (err) => app.log.warn({ err: err.message }, 'queue connection')) : null;
  // A dead Redis would hold close() forever; after a moment the connections are simply dropped.
  app.addHook('onClose', async () => {
    if (queues) await within(queues.close(), 2000).catch(() => queues.disconnect());
  });
  const ask = async <T>(work: (q: BullmqQueues) => Promise<T>): Promise<T> => {
    if (!queues || !settings) throw new HttpProblem(409, 'conflict', 'this server has no job queue: start it with --queue redis://host:6379 (or FACETAG_QUEUE)');
    try {
      return await within(work(queues), QUEUE_TIMEOUT_MS);
    } catch (err) {
      if ((err as Error).message.startsWith('no answer within')) {
        throw new HttpProblem(503, 'unavailable', `the queue at ${settings.display} does not answer (${(err as Error).message}); is Redis running?`, { 'retry-after': '10' });
      }
      throw err;
    }
  };

  const tags = ['jobs'];
  app.get('/api/jobs', { schema: { tags, summary: 'counts per stage and state, jobs done per minute, failed jobs and why', response: { 200: Jobs, 503: Problem } } }, async () => {
    if (!queues || !settings) return { configured: false, where: null, stages: [], failed: [] };
    const overview = await ask((q) => queueOverview(q, FAILED_PER_STAGE));
    return {
      configured: true,
      where: `${settings.display}, prefix ${settings.prefix}`,
      stages: overview.stages.map(({ stage, counts, perMinute }) => ({
        stage,
        counts: { waiting: counts.waiting + counts.prioritized, active: counts.active, delayed: counts.delayed, completed: counts.completed, failed: counts.failed },
        perMinute,
      })),
      failed: overview.failed.map((f) => ({ ...f, failedAt: f.failedAt === null ? null : new Date(f.failedAt).toISOString() })),
    };
  });
  for (const action of ['retry', 'drop'] as const) {
    app.post(
      `/api/jobs/${action}`,
      {
        schema: {
          tags,
          summary: action === 'retry' ? 'queue failed jobs again, attempts from zero' : 'forget failed jobs; the next scan tries their photos again',
          body: JobsAction,
          response: { 200: JobsCount, 400: Problem, 409: Problem, 503: Problem },
        },
      },
      async (request) => ({ count: await ask((q) => actOnFailedJobs(q, action, request.body.ids ?? [], request.body.stage)) }),
    );
  }
  app.get('/api/workers', { schema: { tags, summary: 'worker processes: machine, pid, stages, device, threads, images/s, heartbeat', response: { 200: Workers, 503: Problem } } }, async () => {
    if (!queues) return { configured: false, items: [] };
    const workers = await ask((q) => listWorkers(q.registry()));
    return {
      configured: true,
      items: workers.map((w) => ({ ...w, startedAt: new Date(w.startedAt).toISOString(), lastBeatAt: new Date(w.lastBeatAt).toISOString() })),
    };
  });
};
