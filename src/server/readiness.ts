import { findPack, locatePack } from '../models/pack-registry.js';
import { BullmqQueues } from '../queue/bullmq/bullmq-queues.js';
import { ANALYSE_STAGE } from '../queue/job-data.js';
import type { ServerContext } from './server-context.js';

export interface ReadinessCheck {
  part: string;
  ok: boolean;
  detail: string;
}

/** A part that does not answer within this long counts as down: /ready must answer quickly for a load balancer. */
const CHECK_TIMEOUT_MS = 3000;

/** Asks every part the server depends on for a cheap answer, all at once. */
export async function readinessChecks(ctx: ServerContext): Promise<ReadinessCheck[]> {
  const { lib } = ctx;
  const checks: Promise<ReadinessCheck>[] = [
    check('catalog', lib.backends.describeCatalog(), () => lib.backends.catalog.counts()),
    check('object store', lib.backends.objects.describe(), () => lib.backends.objects.has('readiness-probe')),
    check('models', 'weights found, checksums right', async () => {
      const pack = await lib.pack();
      const located = await locatePack(findPack(pack), lib.config.modelDirs);
      if (!located.available) throw new Error(`pack ${pack}: missing ${[...located.missing, ...located.badChecksum].join(', ')}`);
    }),
  ];
  const queue = ctx.queue;
  if (queue) {
    checks.push(
      check('queue', queue.display, async () => {
        const queues = new BullmqQueues(queue);
        try {
          await queues.counts(ANALYSE_STAGE);
        } finally {
          await queues.close();
        }
      }),
    );
  }
  return Promise.all(checks);
}

async function check(part: string, where: string, probe: () => Promise<unknown>): Promise<ReadinessCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { part, ok: true, detail: where };
  } catch (err) {
    return { part, ok: false, detail: `${where}: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    clearTimeout(timer);
  }
}
