import type { Command } from 'commander';
import { parsePositiveInt } from '../context.js';
import { addQueueOptions, requireQueueSettings, type QueueFlags } from '../queue-options.js';
import { formatTable } from '../table.js';
import { BullmqQueues } from '../../queue/bullmq/bullmq-queues.js';
import { RedisWorkerRegistry } from '../../queue/bullmq/worker-registry.js';
import { ANALYSE_STAGE, STAGES, type Stage } from '../../queue/job-data.js';

export function registerJobs(program: Command): void {
  const jobs = addQueueOptions(
    program.command('jobs').description('the job queues: counts per state, throughput, failed jobs with their errors'),
  )
    .option('--failed <n>', 'failed jobs to list per stage (default 20)', parsePositiveInt)
    .action(async (opts: QueueFlags & { failed?: number }) => {
      await withQueues(opts, async (queues, settings) => {
        const rows: string[][] = [];
        for (const stage of STAGES) {
          const c = await queues.counts(stage);
          const perMinute = await queues.completedPerMinute(stage, 5);
          rows.push([stage, String(c.waiting + c.prioritized), String(c.active), String(c.delayed), String(c.completed), String(c.failed), perMinute.join(' ') || '-']);
        }
        console.log(`queues on ${settings.display}, prefix ${settings.prefix}`);
        console.log(formatTable(['STAGE', 'WAITING', 'ACTIVE', 'RETRYING', 'COMPLETED', 'FAILED', 'DONE/MIN (LAST 5, NEWEST FIRST)'], rows));
        const workers = await new RedisWorkerRegistry(queues.queue(ANALYSE_STAGE), settings.prefix).list();
        const rate = workers.reduce((sum, w) => sum + w.imagesPerSecond, 0);
        console.log(`workers: ${workers.length}, ${rate.toFixed(1)} images/s together over the last minute`);
        for (const stage of STAGES) {
          const failed = await queues.failed(stage, opts.failed ?? 20);
          if (failed.length === 0) continue;
          console.log(`\nfailed ${stage} jobs (retry: facetag jobs retry; forget: facetag jobs drop):`);
          console.log(
            formatTable(
              ['JOB', 'ATTEMPTS', 'FAILED AT', 'PHOTOS', 'ERROR'],
              failed.map((f) => [f.id, String(f.attemptsMade), f.failedAt ? new Date(f.failedAt).toISOString() : '-', f.subject, f.reason]),
            ),
          );
        }
      });
    });

  addQueueOptions(jobs.command('retry').description('put failed jobs back in their queue (all failed jobs when no id is given)'))
    .argument('[ids...]', 'job ids as facetag jobs lists them')
    .action(async (ids: string[], opts: QueueFlags) => {
      await withQueues(opts, async (queues) => {
        const n = await forEachStage(ids, (stage, some) => queues.retryFailed(stage, some));
        console.log(`${n} failed jobs queued again`);
      });
    });

  addQueueOptions(jobs.command('drop').description('forget failed jobs (all failed jobs when no id is given); their photos are tried again by the next scan'))
    .argument('[ids...]', 'job ids as facetag jobs lists them')
    .action(async (ids: string[], opts: QueueFlags) => {
      await withQueues(opts, async (queues) => {
        const n = await forEachStage(ids, (stage, some) => queues.dropFailed(stage, some));
        console.log(`${n} failed jobs dropped`);
      });
    });
}

/** Ids name their stage (analyse.<pack>.<hash>): each goes to its own queue; no ids means every failed job. */
async function forEachStage(ids: readonly string[], act: (stage: Stage, ids?: readonly string[]) => Promise<number>): Promise<number> {
  const unknown = ids.filter((id) => !STAGES.some((stage) => id.startsWith(`${stage}.`)));
  if (unknown.length > 0) throw new Error(`not a facetag job id: ${unknown.join(', ')}`);
  let n = 0;
  for (const stage of STAGES) {
    if (ids.length === 0) {
      n += await act(stage);
      continue;
    }
    const mine = ids.filter((id) => id.startsWith(`${stage}.`));
    if (mine.length > 0) n += await act(stage, mine);
  }
  return n;
}

async function withQueues<T>(flags: QueueFlags, work: (queues: BullmqQueues, settings: ReturnType<typeof requireQueueSettings>) => Promise<T>): Promise<T> {
  const settings = requireQueueSettings(flags);
  const queues = new BullmqQueues(settings);
  try {
    return await work(queues, settings);
  } finally {
    await queues.close();
  }
}
