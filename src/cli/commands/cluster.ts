import type { Command } from 'commander';
import { addQueueOptions, requireQueueSettings, type QueueFlags } from '../queue-options.js';
import { formatTable } from '../table.js';
import { BullmqQueues } from '../../queue/bullmq/bullmq-queues.js';
import { listWorkers } from '../../queue/queue-report.js';

export function registerCluster(program: Command): void {
  const cluster = program.command('cluster').description('the machines working on the queues');
  addQueueOptions(cluster.command('status').description('workers, their machines, devices, concurrency, heartbeats and images/s'))
    .option('--json', 'print the workers as JSON')
    .action(async (opts: QueueFlags & { json?: boolean }) => {
      const settings = requireQueueSettings(opts);
      const queues = new BullmqQueues(settings);
      try {
        const workers = await listWorkers(queues.registry());
        if (opts.json) {
          console.log(JSON.stringify(workers, null, 2));
          return;
        }
        console.log(`queues on ${settings.display}, prefix ${settings.prefix}: ${workers.length} workers`);
        if (workers.length === 0) return;
        const now = Date.now();
        console.log(
          formatTable(
            ['WORKER', 'HOST', 'PID', 'STAGES', 'DEVICE', 'THREADS', 'JOBS', 'ACTIVE', 'PHOTOS', 'IMAGES/S', 'HEARTBEAT', 'STATE'],
            workers.map((w) => [
              w.id, w.host, w.pid, w.stages.join(','), w.device, w.threads, w.concurrency, w.activeJobs, w.photos,
              w.imagesPerSecond.toFixed(2), `${((now - w.lastBeatAt) / 1000).toFixed(1)}s ago`, w.state,
            ]),
          ),
        );
      } finally {
        await queues.close();
      }
    });
}
