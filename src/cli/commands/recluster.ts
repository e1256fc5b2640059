import type { Command } from 'commander';
import { configFrom, withLibrary } from '../context.js';
import { clusterLibrary } from '../../clustering/cluster-library.js';
import { thresholdsForPack } from '../../clustering/pack-thresholds.js';
import { libraryPack } from '../../library/open-library.js';
import { findPack } from '../../models/pack-registry.js';
import { BullmqQueues } from '../../queue/bullmq/bullmq-queues.js';
import { reclusterThroughQueue } from '../../queue/queued-recluster.js';
import { addQueueOptions, queueSettingsFrom, type QueueFlags } from '../queue-options.js';

export function registerRecluster(program: Command): void {
  addQueueOptions(
    program
      .command('recluster')
      .description('group all automatically assigned faces again; your names, merges, splits and corrections stay'),
  ).action(async (opts: QueueFlags, command: Command) => {
      const config = configFrom(command);
      const queue = queueSettingsFrom(opts);
      await withLibrary(config, async (library) => {
        const { catalog } = library;
        const pack = await libraryPack(library, config);
        if (queue) {
          // On a queue, a worker re-clusters, after any clustering of new photos that is waiting (priority).
          const queues = new BullmqQueues(queue);
          try {
            const result = await reclusterThroughQueue(queues, pack, { pollMs: 250, onNotice: (m) => process.stderr.write(`${m}\n`) });
            if (result) console.log(`people: ${result.newPeople} new, ${result.assigned} faces assigned, ${result.unassigned} faces not grouped`);
          } finally {
            await queues.close();
          }
          return;
        }
        const result = await clusterLibrary(catalog, pack, thresholdsForPack(findPack(pack)), { mode: 'recluster' });
        console.log(`people: ${result.newPeople} new, ${result.assigned} faces assigned, ${result.unassigned} faces not grouped`);
      });
    });
}
