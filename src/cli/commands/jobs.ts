import type { Command } from 'commander';
import { parsePositiveInt } from '../context.js';
import { addQueueOptions, requireQueueSettings, type QueueFlags } from '../queue-options.js';
import { formatTable } from '../table.js';
import { BullmqQueues } from '../../queue/bullmq/bullmq-queues.js';
import { actOnFailedJobs, combinedRate, listWorkers, queueOverview } from '../../queue/queue-report.js';

export function registerJobs(program: Command): void {
  const jobs = addQueueOptions(
    program.command('jobs').description('the job queues: counts per state, throughput, failed jobs with their errors'),
  )
    .option('--failed <n>', 'failed jobs to list per stage (default 20)', parsePositiveInt)
    .action(async (opts: QueueFlags & { failed?: number }) => {
      await withQueues(opts, async (queues, settings) => {
        const overview = await queueOverview(queues, opts.failed ?? 20);
        const rows = overview.stages.map(({ stage, counts: c, perMinute }) => [
          stage, String(c.waiting + c.prioritized), String(c.active), String(c.delayed), String(c.completed), String(c.failed), perMinute.join(' ') || '-',
        ]);
        console.log(`queues on ${settings.display}, prefix ${settings.prefix}`);
        console.log(formatTable(['STAGE', 'WAITING', 'ACTIVE', 'RETRYING', 'COMPLETED', 'FAILED', 'DONE/MIN (LAST 5, NEWEST FIRST)'], rows));
        const workers = await listWorkers(queues.registry());
        console.log(`workers: ${workers.length}, ${combinedRate(workers).toFixed(1)} images/s together over the last minute`);
        for (const { stage } of overview.stages) {
          const failed = overview.failed.filter((f) => f.stage === stage);
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
        const n = await actOnFailedJobs(queues, 'retry', ids);
        console.log(`${n} failed jobs queued again`);
      });
    });

  addQueueOptions(jobs.command('drop').description('forget failed jobs (all failed jobs when no id is given); their photos are tried again by the next scan'))
    .argument('[ids...]', 'job ids as facetag jobs lists them')
    .action(async (ids: string[], opts: QueueFlags) => {
      await withQueues(opts, async (queues) => {
        const n = await actOnFailedJobs(queues, 'drop', ids);
        console.log(`${n} failed jobs dropped`);
      });
    });
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
