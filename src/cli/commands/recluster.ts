import type { Command } from 'commander';
import { configFrom, withLibrary } from '../context.js';
import { clusterLibrary } from '../../clustering/cluster-library.js';
import { thresholdsForPack } from '../../clustering/pack-thresholds.js';
import { libraryPack } from '../../library/open-library.js';
import { findPack } from '../../models/pack-registry.js';

export function registerRecluster(program: Command): void {
  program
    .command('recluster')
    .description('group all automatically assigned faces again; your names, merges, splits and corrections stay')
    .action(async (_opts: unknown, command: Command) => {
      const config = configFrom(command);
      const pack = await libraryPack(config);
      await withLibrary(config, async ({ catalog }) => {
        const result = await clusterLibrary(catalog, pack, thresholdsForPack(findPack(pack)), { mode: 'recluster' });
        console.log(`people: ${result.newPeople} new, ${result.assigned} faces assigned, ${result.unassigned} faces not grouped`);
      });
    });
}
