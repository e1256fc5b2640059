import type { Command } from 'commander';
import { withLibraryApi } from '../context.js';
import { addQueueOptions, queueSettingsFrom, type QueueFlags } from '../queue-options.js';

export function registerRecluster(program: Command): void {
  addQueueOptions(
    program
      .command('recluster')
      .description('group all automatically assigned faces again; your names, merges, splits and corrections stay'),
  ).action(async (opts: QueueFlags, command: Command) => {
      const queue = queueSettingsFrom(opts);
      await withLibraryApi(command, async (lib) => {
        const result = await lib.recluster({ queue, onNotice: (m) => process.stderr.write(`${m}\n`) });
        if (result) console.log(`people: ${result.newPeople} new, ${result.assigned} faces assigned, ${result.unassigned} faces not grouped`);
      });
    });
}
